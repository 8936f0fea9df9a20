package io.bramble.center.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import io.bramble.center.config.CenterConfig;
import io.bramble.center.events.EventLog;
import io.bramble.core.config.ConfigLoader;

/**
 * A child process for the kill -9 test: appends events to an SQLite store as fast as it can and
 * prints "ack N" only after the write of event N returned (was acknowledged).
 */
public final class StoreWriterMain {
    public static void main(String[] args) {
        CenterConfig cfg = ConfigLoader.parse("(child)", "dataDir: \"" + Path.of(args[0]) + "\"\n", CenterConfig.class);
        Store store = Store.open(cfg.store(), cfg.dataPath());
        EventLog events = new EventLog(store, Clock.systemUTC());
        for (int i = 1; ; i++) {
            var e = events.append(null, null, "test.write", "child", Map.of("n", i, "pad", "x".repeat(200)));
            System.out.println("ack " + e.id());
            System.out.flush();
        }
    }
}
