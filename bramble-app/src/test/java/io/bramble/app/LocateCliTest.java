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

import io.bramble.agent.board.SimulatedBoard;

/** {@code bramble locate} and {@code bramble command} against the demo's simulated Pis (real agents, simulated boards). */
class LocateCliTest {
    @Test
    void locateANodeSetAndSendCommandsThatWaitForTheNodesResult(@TempDir Path data) throws Exception {
        try (var demo = DemoCommand.Demo.start(DemoCommand.config(0, data, 3), Clock.systemUTC(), "demo-password-2", 3,
                new PrintStream(new ByteArrayOutputStream()))) {
            var nodes = demo.center().nodes();
            await().atMost(Duration.ofSeconds(60)).until(() -> nodes.byName("node03").map(n -> n.lastSample() != null).orElse(false));
            String url = demo.center().url();
            String token = TestApi.login(url, "admin", "demo-password-2");
            SimulatedBoard board1 = (SimulatedBoard) demo.agents().fleet().agents().getFirst().board();

            Run locate = Run.of("locate", "node[01-02]", "--seconds", "30", "--center", url, "--token", token);
            assertThat(locate.exit()).as(locate.err()).isZero();
            assertThat(locate.out()).contains("node01: located for 30 s").contains("node02: located for 30 s");
            assertThat(nodes.byName("node02").orElseThrow().locatedUntil()).isNotNull();
            assertThat(nodes.byName("node03").orElseThrow().locatedUntil()).isNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> board1.state().locating());

            Run clear = Run.of("locate", "--clear", "node01", "--center", url, "--token", token);
            assertThat(clear.exit()).as(clear.err()).isZero();
            assertThat(clear.out()).contains("node01: highlight cleared");
            await().atMost(Duration.ofSeconds(10)).until(() -> !board1.state().locating());

            Run fan = Run.of("command", "node01", "fan", "mode=fixed", "percent=60", "--center", url, "--token", token);
            assertThat(fan.exit()).as(fan.err()).isZero();
            assertThat(fan.out()).contains("node01: fan queued as command").contains("node01: done: fan fixed at 60 %");
            assertThat(board1.fanPercent()).isEqualTo(60);

            Run bad = Run.of("command", "node01", "led", "colour=purple", "--center", url, "--token", token);
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("args.colour must be one of").contains("purple");

            Run list = Run.of("command", "node01", "--list", "--center", url, "--token", token);
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("fan").contains("done").contains("fan fixed at 60 %").contains("locate");

            Run unknown = Run.of("locate", "node[01-09]", "--center", url, "--token", token);
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).contains("no node named node04");
        }
    }
}
