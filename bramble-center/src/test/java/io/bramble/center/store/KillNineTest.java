package io.bramble.center.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.config.CenterConfig;
import io.bramble.center.events.EventLog;
import io.bramble.core.config.ConfigLoader;

/** An acknowledged write survives {@code kill -9} of the process that made it (DESIGN.md "Durability"). */
class KillNineTest {
    @Test
    void acknowledgedWritesSurviveKillNine(@TempDir Path dir) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                StoreWriterMain.class.getName(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Set<Long> acked = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ack ")) acked.add(Long.parseLong(line.substring(4)));
                if (acked.size() >= 300) break;
            }
            // SIGKILL in the middle of the write loop: no shutdown hook, no close
            child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly it leaves our end of the pipe open
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            // lines already written to the pipe were acknowledged before the kill
            while ((line = out.readLine()) != null) if (line.startsWith("ack ")) acked.add(Long.parseLong(line.substring(4)));
        }
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(acked).hasSizeGreaterThanOrEqualTo(300);

        CenterConfig cfg = ConfigLoader.parse("(test)", "dataDir: \"" + dir + "\"\n", CenterConfig.class);
        try (Store store = Store.open(cfg.store(), cfg.dataPath())) {
            List<Long> stored = store.jdbi().withHandle(h -> h.createQuery("SELECT id FROM events").mapTo(Long.class).list());
            assertThat(stored).containsAll(acked);
            // and the store is usable: new ids continue after the last one
            var e = new EventLog(store, Clock.systemUTC()).append(null, null, "test.after", "test", java.util.Map.of());
            assertThat(e.id()).isGreaterThan(acked.stream().mapToLong(Long::longValue).max().orElseThrow());
        }
    }
}
