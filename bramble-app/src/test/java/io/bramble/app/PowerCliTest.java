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

import io.bramble.center.nodes.Health;

/** {@code bramble power} against the demo: a simulated outlet switched off stops that simulated Pi's heartbeats; on brings it back. */
class PowerCliTest {
    @Test
    void powerOffStopsASimulatedPiAndPowerOnBringsItBack(@TempDir Path data) throws Exception {
        try (var demo = DemoCommand.Demo.start(DemoCommand.config(0, data, 2), Clock.systemUTC(), "demo-password-1", 2,
                new PrintStream(new ByteArrayOutputStream()))) {
            var nodes = demo.center().nodes();
            await().atMost(Duration.ofSeconds(60)).until(() -> nodes.byName("node02").map(n -> n.lastSample() != null).orElse(false));
            String url = demo.center().url();
            String token = TestApi.login(url, "admin", "demo-password-1");

            Run off = Run.of("power", "off", "node02", "--center", url, "--token", token);
            assertThat(off.exit()).as(off.err()).isZero();
            assertThat(off.out()).contains("power off node02: 1 node").contains("[1/1] node02").contains("1 done, 0 failed");
            assertThat(nodes.byName("node02").orElseThrow().health()).isEqualTo(Health.OFF);
            var silentSince = nodes.byName("node02").orElseThrow().lastSeen();
            var otherSeen = nodes.byName("node01").orElseThrow().lastSeen();
            // node01 keeps heartbeating; node02's agent is stopped, so nothing more arrives from it
            await().atMost(Duration.ofSeconds(20)).until(() -> nodes.byName("node01").orElseThrow().lastSeen().isAfter(otherSeen));
            assertThat(nodes.byName("node02").orElseThrow().lastSeen()).isEqualTo(silentSince);

            Run status = Run.of("power", "status", "node0[1-2]", "--center", url, "--token", token);
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).contains("NODE").containsPattern("node02\\s+off\\s+off\\s+simulated").containsPattern("node01\\s+\\S+\\s+on");

            Run budget = Run.of("power", "budget", "--center", url, "--token", token);
            assertThat(budget.exit()).as(budget.err()).isZero();
            assertThat(budget.out()).contains("row1").contains("60.0").contains("ok");

            Run on = Run.of("power", "on", "node02", "--center", url, "--token", token);
            assertThat(on.exit()).as(on.err()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.byName("node02").orElseThrow().health() == Health.UP);
            assertThat(nodes.byName("node02").orElseThrow().lastSeen()).isAfter(silentSince);

            Run none = Run.of("power", "cycle", "node09", "--center", url, "--token", token);
            assertThat(none.exit()).isEqualTo(2);
            assertThat(none.err()).contains("no outlet switches node09");
        }
    }
}
