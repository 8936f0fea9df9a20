package io.bramble.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.agent.Agent;
import io.bramble.agent.AgentConfig;
import io.bramble.agent.command.CommandHandler;
import io.bramble.agent.sim.SimulatedPi;
import io.bramble.center.Center;
import io.bramble.center.commands.Command;
import io.bramble.center.commands.CommandTypes;
import io.bramble.center.config.CenterConfig;
import io.bramble.core.config.ConfigLoader;

/**
 * The command channel end to end, agent and center on loopback: a command whose result is lost runs
 * once, not twice, when it is delivered again after an agent restart or a center restart.
 */
class CommandExactlyOnceTest {
    @TempDir Path dir;
    Center center;
    final AtomicInteger runs = new AtomicInteger();
    final AtomicReference<Runnable> duringRun = new AtomicReference<>(() -> {});
    final CommandHandler counting = cmd -> {
        runs.incrementAndGet();
        duringRun.get().run();
        return CommandHandler.Outcome.ok("fan at " + cmd.args().get("percent") + "% (run " + runs.get() + ")");
    };
    int port;
    String join;

    @AfterEach
    void stop() {
        if (center != null) center.close();
    }

    private Center startCenter() {
        CenterConfig cfg = ConfigLoader.parse("t", "http:\n  host: 127.0.0.1\n  port: " + port + "\ndataDir: \"" + dir.resolve("center")
                + "\"\nauth:\n  passwordIterations: 10000\n", CenterConfig.class);
        return Center.start(cfg, Clock.systemUTC(), "exactly-once-pw", new PrintStream(new ByteArrayOutputStream()));
    }

    private Agent agent() throws Exception {
        AgentConfig cfg = ConfigLoader.parse("agent.yaml", "name: pi-once\ncenter:\n  backoff: {initial: 50ms, max: 300ms}\n"
                + "commands:\n  pollWait: 2s\n", AgentConfig.class).withOverrides(center.url(), join, dir.resolve("agent").toString());
        SimulatedPi pi = new SimulatedPi(0, "pi-once", Clock.systemUTC(), new java.util.SplittableRandom(7), Duration.ofDays(1));
        Agent a = new Agent(cfg, Clock.systemUTC(), pi::facts, pi::sample, new Random(1), counting);
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.nodeId() != null);
        return a;
    }

    private Command queue() {
        var node = center.nodes().byName("pi-once").orElseThrow();
        return center.commands().enqueue(node, CommandTypes.check("fan", Map.of("mode", "fixed", "percent", 40), null, false), "test", true);
    }

    private Command.Status status(String id) {
        return center.commands().get(id).orElseThrow().status();
    }

    private void setUp() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        center = startCenter();
        join = center.auth().createJoinToken("test", "t", 1, null).token();
    }

    @Test
    void aCommandRunsOnceWhenTheAgentStopsBeforeReportingIt() throws Exception {
        setUp();
        Agent first = agent();
        // the agent stops while the command runs, so its result never reaches the center
        duringRun.set(() -> {
            Thread closer = Thread.ofPlatform().start(first::close);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                // close() interrupts the command thread; the command still finishes
            }
            duringRun.set(() -> {});
            assertThat(closer).isNotNull();
        });
        Command c = queue();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> first.nodeId() == null || first.queuedEvents() == 0);
        Thread.sleep(500);
        assertThat(status(c.id())).isEqualTo(Command.Status.DELIVERED);

        Agent second = agent();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> status(c.id()) == Command.Status.DONE);
            assertThat(runs.get()).as("run once, its result sent again after the restart").isEqualTo(1);
            assertThat(center.commands().get(c.id()).orElseThrow().result()).isEqualTo("fan at 40% (run 1)");
            assertThat(center.commands().get(c.id()).orElseThrow().deliveries()).isGreaterThanOrEqualTo(2);
        } finally {
            second.close();
        }
    }

    @Test
    void aCommandRunsOnceWhenTheCenterRestartsBeforeTheResultArrives() throws Exception {
        setUp();
        Agent agent = agent();
        try {
            Center[] old = {center};
            // the center goes away while the command runs: the result cannot be delivered
            duringRun.set(() -> {
                old[0].close();
                duringRun.set(() -> {});
            });
            Command c = queue();
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
            Thread.sleep(500);
            center = startCenter();
            await().atMost(Duration.ofSeconds(20)).until(() -> status(c.id()) == Command.Status.DONE);
            assertThat(runs.get()).as("run once, reported after the center came back").isEqualTo(1);
            assertThat(center.commands().get(c.id()).orElseThrow().result()).isEqualTo("fan at 40% (run 1)");

            // and the channel keeps working: the next command runs too
            Command next = queue();
            await().atMost(Duration.ofSeconds(10)).until(() -> status(next.id()) == Command.Status.DONE);
            assertThat(runs.get()).isEqualTo(2);
        } finally {
            agent.close();
        }
    }

    @Test
    void aCommandThatFailsOnTheNodeIsReportedFailedWithItsReason() throws Exception {
        setUp();
        duringRun.set(() -> {
            throw new IllegalStateException("PWM chip busy");
        });
        Agent agent = agent();
        try {
            Command c = queue();
            await().atMost(Duration.ofSeconds(10)).until(() -> status(c.id()) == Command.Status.FAILED);
            assertThat(center.commands().get(c.id()).orElseThrow().result()).contains("PWM chip busy");
            assertThat(List.of(runs.get())).containsExactly(1);
        } finally {
            agent.close();
        }
    }
}
