package io.bramble.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

import io.bramble.center.Center;
import io.bramble.center.config.CenterConfig;
import io.bramble.core.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bramble center}: the control plane. */
@Command(name = "center", mixinStandardHelpOptions = true,
        description = {"Run the control center: REST API, dashboard, store and background jobs.",
                "Without --config every setting takes its default (127.0.0.1:8080, SQLite under ./data)."})
public final class CenterCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--config", paramLabel = "center.yaml", description = "configuration file (see docs/configuration.md)")
    Path config;

    @Override
    public Integer call() throws Exception {
        CenterConfig cfg = config == null ? ConfigLoader.defaults(CenterConfig.class) : ConfigLoader.load(config, CenterConfig.class);
        try (Center center = Center.start(cfg, Clock.systemUTC(), System.getenv("BRAMBLE_ADMIN_PASSWORD"), System.out)) {
            System.out.println("Bramble center: " + center.url());
            awaitShutdown();
        }
        return 0;
    }

    /** Blocks until SIGINT/SIGTERM; the try-with-resources around the caller then closes cleanly. */
    static void awaitShutdown() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                main.join(10_000); // let the main thread close the store before the JVM exits
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }));
        stop.await();
    }
}
