package io.bramble.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.nodes.Node;

/** {@code bramble demo} in-process: this machine's real agent and simulated Pis, and a restart on the same data. */
class DemoTest {
    @Test
    void demoShowsThisMachineWithRealFiguresBesideLabelledSimulatedPisAndSurvivesARestart(@TempDir Path data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort(); // the same port both times, as `./bramble demo` twice would use
        }
        int before;
        try (var demo = DemoCommand.Demo.start(DemoCommand.config(port, data, 4), Clock.systemUTC(), "demo-password-1", 4, new PrintStream(out))) {
            var nodes = demo.center().nodes();
            await().atMost(Duration.ofSeconds(60)).until(() -> nodes.list().stream().filter(n -> n.lastSample() != null).count() == 5);
            Node real = nodes.list().stream().filter(n -> !n.simulated()).findFirst().orElseThrow();
            // the real agent reports this machine's real figures
            assertThat(real.facts().memoryBytes()).isPositive();
            assertThat(real.lastSample().memTotalBytes()).isPositive();
            assertThat(real.lastSample().load1()).isNotNull().isGreaterThanOrEqualTo(0.0);
            assertThat(real.lastSample().diskTotalBytes()).isPositive();
            assertThat(real.facts().simulated()).isFalse();
            // the simulated ones say so and sit in the rack, row by row
            var sims = nodes.list().stream().filter(Node::simulated).toList();
            assertThat(sims).extracting(Node::name).containsExactly("node01", "node02", "node03", "node04");
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.byName("node04").orElseThrow().location().placed());
            assertThat(nodes.byName("node04").orElseThrow().location().slot()).isEqualTo(4);
            assertThat(sims).allSatisfy(n -> assertThat(n.facts().model()).startsWith("Raspberry Pi"));
            before = nodes.list().size();
        }
        assertThat(out.toString()).contains("admin user created");
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        try (var demo = DemoCommand.Demo.start(DemoCommand.config(port, data, 4), Clock.systemUTC(), "demo-password-1", 4, new PrintStream(out2))) {
            var nodes = demo.center().nodes();
            assertThat(nodes.list()).hasSize(before);
            // the agents kept their credentials: no re-enrollment, heartbeats simply resume
            Node real = nodes.list().stream().filter(n -> !n.simulated()).findFirst().orElseThrow();
            var seen = real.lastSeen();
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.byId(real.id()).orElseThrow().lastSeen().isAfter(seen));
            assertThat(demo.center().events().recent(null, null, 500)).noneMatch(e -> e.type().equals("node.reenrolled"));
        }
        assertThat(out2.toString()).doesNotContain("admin user created");
    }
}
