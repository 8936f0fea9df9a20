package io.bramble.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.bramble.core.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bramble simulate}: attach simulated Pis to any center over the real agent protocol. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Attach N simulated Pis (labelled simulated) to a center over the real agent protocol.",
                "The join token must allow N uses:  bramble token create --join --uses N",
                "Example: bramble simulate --nodes 100 --center http://127.0.0.1:8080 --join-token bj_..."})
public final class SimulateCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "24", description = "how many simulated Pis (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--center", required = true, paramLabel = "URL", description = "the center's URL")
    String center;

    @Option(names = "--join-token", required = true, paramLabel = "TOKEN", description = "a join token allowing --nodes uses")
    String joinToken;

    @Option(names = "--data", paramLabel = "DIR", description = "where the simulated agents keep credentials and queues (default: a new temporary directory)")
    Path data;

    @Option(names = "--interval", defaultValue = "5s", description = "heartbeat interval (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--hang-every", defaultValue = "30m", description = "on average how often each Pi hangs for 20-40 s; 0 never (default: ${DEFAULT-VALUE})")
    String hangEvery;

    @Option(names = "--seed", defaultValue = "2013", description = "seed for the simulated figures (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 20_000) throw new UserError("--nodes must be between 1 and 20000 (got " + nodes + ")");
        Duration every = Durations.parse(interval);
        Duration hang = hangEvery.equals("0") ? null : Durations.parse(hangEvery);
        Path dir = data != null ? data : Files.createTempDirectory("bramble-simulate");
        try (SimulatedFleet fleet = SimulatedFleet.start(center, joinToken, dir, nodes, every, hang, Clock.systemUTC(), seed)) {
            System.out.println(nodes + " simulated Pis attached to " + center + " (data in " + dir + "); Ctrl-C stops them");
            CenterCommand.awaitShutdown();
        }
        return 0;
    }
}
