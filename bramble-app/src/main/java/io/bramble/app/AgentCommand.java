package io.bramble.app;

import io.bramble.agent.Agent;
import io.bramble.agent.AgentConfig;
import io.bramble.agent.AgentVersion;
import io.bramble.agent.collect.BoardIdentity;
import io.bramble.agent.collect.ProcessCommandRunner;
import io.bramble.agent.collect.SampleCollector;
import io.bramble.core.config.ConfigLoader;
import io.bramble.core.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bramble agent}: runs the node agent until SIGTERM/Ctrl-C, or prints what it collects with {@code --once}. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {
                "Run the Bramble agent on this node: enroll with the center, then report metrics and events until stopped (SIGTERM or Ctrl-C).",
                "With --once, print this machine's facts and one metrics sample as JSON and exit (no center needed).",
                "Settings: docs/agent.md."})
public final class AgentCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "agent.yaml to read (default: built-in defaults)")
    Path config;

    @Option(names = "--center", paramLabel = "URL", description = "center URL, e.g. http://center:8080 (overrides center.url)")
    String center;

    @Option(names = "--join-token", paramLabel = "TOKEN", defaultValue = "${env:BRAMBLE_JOIN_TOKEN}",
            description = "join token for the first enrollment (overrides center.joinToken; default: $BRAMBLE_JOIN_TOKEN)")
    String joinToken;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory for the credential and event queue (overrides dataDir)")
    Path data;

    @Option(names = "--once", description = "print facts and one sample as JSON, then exit")
    boolean once;

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg = config != null ? ConfigLoader.load(config, AgentConfig.class) : ConfigLoader.defaults(AgentConfig.class);
        cfg = cfg.withOverrides(center, joinToken, data == null ? null : data.toString());
        if (once) return printOnce(cfg);
        if (cfg.center().url() == null)
            throw new UserError("no center to report to: set center.url in agent.yaml (--config) or pass --center URL");
        Agent agent = Agent.forThisMachine(cfg, Clock.systemUTC());
        try {
            agent.start();
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "bramble-agent-shutdown"));
        stopped.await();
        return 0;
    }

    private int printOnce(AgentConfig cfg) throws InterruptedException {
        Path root = cfg.collect().rootPath();
        SampleCollector collector = SampleCollector.forRoot(root, Clock.systemUTC(), new ProcessCommandRunner());
        collector.collect();
        Thread.sleep(500); // CPU percent compares two reads of /proc/stat
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("facts", new BoardIdentity(root, AgentVersion.get()).read());
        out.put("sample", collector.collect());
        spec.commandLine().getOut().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
