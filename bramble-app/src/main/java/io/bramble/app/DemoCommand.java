package io.bramble.app;

import java.nio.file.Path;
import java.time.Clock;

import io.bramble.center.Center;
import io.bramble.center.config.CenterConfig;
import io.bramble.core.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bramble demo}: a center on the embedded store plus a real agent for this machine, in one process. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a center on 127.0.0.1 with an SQLite store, and an agent reporting this machine's real figures.",
                "The admin password comes from BRAMBLE_ADMIN_PASSWORD, else it is generated and printed once.",
                "Ctrl-C stops cleanly; run again with the same --data to find everything as it was."})
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the center (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data", defaultValue = "data", description = "directory for the store and the agent's files (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--nodes", defaultValue = "24", description = "simulated Pis to add beside this machine (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--tftp-port", defaultValue = "-1", paramLabel = "PORT",
            description = "also serve netboot TFTP on 127.0.0.1:PORT, with generated config.txt and cmdline.txt for every simulated Pi "
                    + "under its serial (off by default; 0 picks a free port)")
    int tftpPort;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new UserError("--port must be between 0 and 65535 (got " + port + ")");
        if (nodes < 0 || nodes > 10_000) throw new UserError("--nodes must be between 0 and 10000 (got " + nodes + ")");
        if (tftpPort < -1 || tftpPort > 65535) throw new UserError("--tftp-port must be between 0 and 65535 (got " + tftpPort + ")");
        CenterConfig cfg = config(port, data, nodes, tftpPort);
        try (Demo demo = Demo.start(cfg, Clock.systemUTC(), System.getenv("BRAMBLE_ADMIN_PASSWORD"), nodes, System.out)) {
            System.out.println("Bramble center: " + demo.center().url());
            System.out.println("Try: ./bramble login --center " + demo.center().url() + " && ./bramble nodes");
            if (demo.center().tftpPort() > 0)
                System.out.println("Netboot TFTP on 127.0.0.1:" + demo.center().tftpPort() + ", e.g. curl tftp://127.0.0.1:"
                        + demo.center().tftpPort() + "/SERIAL/cmdline.txt (serials: ./bramble boot list)");
            CenterCommand.awaitShutdown();
        }
        return 0;
    }

    /**
     * The demo's center: loopback, store in {@code data}, a rack of 8-slot rows big enough for the
     * simulated Pis, a simulated outlet for each of them and a 60 W PSU per row.
     */
    public static CenterConfig config(int port, Path data, int simulated) {
        return config(port, data, simulated, -1);
    }

    /** The same, with netboot TFTP on 127.0.0.1:{@code tftpPort} when it is 0 or more. */
    public static CenterConfig config(int port, Path data, int simulated, int tftpPort) {
        int rows = Math.max(3, Math.min(64, (simulated + 7) / 8));
        StringBuilder power = new StringBuilder("power:\n  staggerOn: 500ms\n  cycleOffTime: 2s\n");
        if (simulated > 0) {
            power.append("  outlets:\n");
            for (int i = 0; i < simulated; i++) power.append("    - {node: ").append(SimulatedFleet.name(i)).append(", driver: simulated}\n");
            power.append("  psus:\n");
            for (int r = 1; r <= Math.min(rows, (simulated + 7) / 8); r++)
                power.append("    - {name: row").append(r).append(", watts: 60, rack: rack1, row: ").append(r).append("}\n");
        }
        return ConfigLoader.parse("(demo)", "http:\n  host: 127.0.0.1\n  port: " + port + "\n"
                + "dataDir: \"" + data.toAbsolutePath().toString().replace("\\", "/").replace("\"", "\\\"") + "\"\n"
                + "rack:\n  racks:\n    - {name: rack1, rows: " + rows + ", slots: 8}\n" + power
                + (tftpPort < 0 ? "" : "boot:\n  enabled: true\n  tftp:\n    listen: 127.0.0.1\n    port: " + tftpPort + "\n"), CenterConfig.class);
    }

    /** The demo's parts, so tests can run it in-process. */
    public record Demo(Center center, DemoAgents agents) implements AutoCloseable {
        public static Demo start(CenterConfig cfg, Clock clock, String adminPassword, int simulated, java.io.PrintStream out) throws Exception {
            Center center = Center.start(cfg, clock, adminPassword, out);
            try {
                DemoAgents agents = DemoAgents.start(center, cfg.dataPath(), clock, simulated);
                if (cfg.boot().enabled()) DemoAgents.bootDiskless(center);
                return new Demo(center, agents);
            } catch (Exception | Error e) {
                center.close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            try {
                agents.close();
            } finally {
                center.close();
            }
        }
    }
}
