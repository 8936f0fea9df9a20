package io.bramble.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bramble.agent.link.FakeCenter;
import io.bramble.agent.link.TestCertificate;
import io.bramble.core.wire.AgentEvent;
import io.bramble.core.wire.DesiredState;
import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;
import io.bramble.agent.link.Backoff;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {
    private static final String TOKEN = "join-7f3a9c";
    private static final NodeFacts FACTS = new NodeFacts("10000000a1b2c3d4", List.of("dc:a6:32:12:34:56"), "node01",
            "Raspberry Pi 4 Model B Rev 1.4", "c03114", null, 4L << 30, "Debian GNU/Linux 12 (bookworm)", "6.6.51+rpt-rpi-v8",
            "aarch64", "test", false);

    @TempDir Path data;
    private FakeCenter center;
    private final List<Agent> agents = new ArrayList<>();
    private final AtomicReference<Throttled> throttled = new AtomicReference<>();

    @BeforeEach
    void startCenter() throws Exception {
        center = new FakeCenter();
        center.joinTokens.add(TOKEN);
    }

    @AfterEach
    void stopAll() {
        agents.forEach(Agent::close);
        center.close();
    }

    private AgentConfig config(String token, String interval, String backoffMax) {
        return new AgentConfig(null, data.toString(),
                new AgentConfig.Center(center.url(), token, null, Duration.ofSeconds(2),
                        new AgentConfig.Backoff(Duration.ofMillis(100), io.bramble.core.config.Durations.parse(backoffMax))),
                new AgentConfig.Heartbeat(io.bramble.core.config.Durations.parse(interval)), new AgentConfig.Events(100), null);
    }

    private Agent agent(AgentConfig config) throws Exception {
        Agent a = new Agent(config, Clock.systemUTC(), () -> FACTS,
                () -> new Sample(Clock.systemUTC().instant(), 0.5, 0.4, 0.3, 12.0, 4L << 30, 3L << 30, null, null, null,
                        null, null, 100.0, 48.5, throttled.get()),
                new Random(42));
        agents.add(a);
        a.start();
        return a;
    }

    @Test
    void enrollsOnceSavesTheCredentialPrivatelyAndReusesItAfterARestart() throws Exception {
        Agent first = agent(config(TOKEN, "1s", "1s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !center.beats.isEmpty());
        assertThat(center.enrollments).hasSize(1);
        assertThat(center.enrollments.getFirst().facts()).isEqualTo(FACTS);
        Path file = data.resolve("credential.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String saved = Files.readString(file);
        assertThat(saved).contains("node-id-1").contains(center.url()).contains(center.beats.getFirst().credential());
        assertThat(first.nodeId()).isEqualTo("node-id-1");
        assertThat(first.nodeName()).isEqualTo("node01");
        first.close();

        int beatsBefore = center.beats.size();
        agent(config(TOKEN, "1s", "1s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> center.beats.size() > beatsBefore);
        assertThat(center.enrollAttempts).hasValue(1);
        assertThat(center.beats.getLast().credential()).isEqualTo(center.beats.getFirst().credential());
    }

    @Test
    void aNewDataDirIsCreatedForTheAgentsUserOnly() throws Exception {
        AgentConfig c = config(TOKEN, "1s", "1s");
        Path dir = data.resolve("var/lib/bramble-agent");
        agent(c.withOverrides(null, null, dir.toString()));
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("credential.json")));
    }

    @Test
    void theConfiguredNameIsAskedForAtEnrollment() throws Exception {
        AgentConfig c = config(TOKEN, "1s", "1s");
        agent(new AgentConfig("rack1-slot3", c.dataDir(), c.center(), c.heartbeat(), c.events(), c.collect(), c.board(), c.commands()));
        await().atMost(Duration.ofSeconds(10)).until(() -> !center.enrollments.isEmpty());
        assertThat(center.enrollments.getFirst().name()).isEqualTo("rack1-slot3");
    }

    @Test
    void heartbeatsAtTheConfiguredIntervalAndFollowsTheCentersInterval() throws Exception {
        Agent a = agent(config(TOKEN, "1s", "1s"));
        await().atMost(Duration.ofSeconds(15)).until(() -> center.beats.size() >= 5);
        List<FakeCenter.Beat> beats = List.copyOf(center.beats);
        // heartbeats run at a fixed rate, so one late beat is followed by an early one; the mean gap is the interval
        long meanGapMs = (beats.get(4).nanoTime() - beats.get(1).nanoTime()) / 3 / 1_000_000;
        assertThat(meanGapMs).isBetween(850L, 1300L);
        assertThat(beats.getLast().heartbeat().sample().load1()).isEqualTo(0.5);

        center.heartbeatSeconds = 2;
        await().atMost(Duration.ofSeconds(5)).until(() -> a.heartbeatInterval().equals(Duration.ofSeconds(2)));
        int n = center.beats.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> center.beats.size() >= n + 2);
        List<FakeCenter.Beat> later = List.copyOf(center.beats);
        long gapMs = (later.get(n + 1).nanoTime() - later.get(n).nanoTime()) / 1_000_000;
        assertThat(gapMs).isBetween(1500L, 2700L);
    }

    @Test
    void desiredStateChangesReachListeners() throws Exception {
        Agent a = agent(config(TOKEN, "1s", "1s"));
        List<DesiredState> seen = new CopyOnWriteArrayList<>();
        a.onDesiredState(seen::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        assertThat(seen.getFirst()).isEqualTo(new DesiredState("up", false, 0));
        center.located = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
        assertThat(seen.get(1).located()).isTrue();
        assertThat(a.desiredState().located()).isTrue();
        // unchanged replies are not passed on again
        int beats = center.beats.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> center.beats.size() >= beats + 2);
        assertThat(seen).hasSize(2);
    }

    @Test
    void eventsQueuedWhileTheCenterIsDownArriveInOrderWhenItIsBack() throws Exception {
        Agent a = agent(config(TOKEN, "1s", "500ms"));
        await().atMost(Duration.ofSeconds(10)).until(() -> center.events.size() == 1);
        assertThat(center.events.getFirst().type()).isEqualTo("agent.started");

        center.stop();
        for (int i = 0; i < 25; i++) a.recordEvent("locate.pressed", Map.of("n", Integer.toString(i)));
        assertThat(a.queuedEvents()).isEqualTo(25);
        await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> true);
        center.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> center.events.size() == 26);
        List<AgentEvent> got = List.copyOf(center.events);
        for (int i = 0; i < got.size(); i++) assertThat(got.get(i).seq()).isEqualTo(i + 1);
        for (int i = 1; i < got.size(); i++) assertThat(got.get(i).detail()).containsEntry("n", Integer.toString(i - 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.queuedEvents() == 0);
        assertThat(Files.readString(data.resolve("events.queue"))).isEmpty();
    }

    @Test
    void eventsSurviveAnAgentRestartWhileTheCenterIsDown() throws Exception {
        Agent first = agent(config(TOKEN, "1s", "500ms"));
        await().atMost(Duration.ofSeconds(10)).until(() -> center.events.size() == 1);
        center.stop();
        first.recordEvent("locate.pressed", Map.of());
        first.close();
        Agent second = agent(config(TOKEN, "1s", "500ms"));
        second.recordEvent("locate.pressed", Map.of("after", "restart"));
        center.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> center.events.size() == 4);
        assertThat(center.events).extracting(AgentEvent::type)
                .containsExactly("agent.started", "locate.pressed", "agent.started", "locate.pressed");
        assertThat(center.events).extracting(AgentEvent::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aRevokedCredentialIsForgottenAndTheAgentEnrollsAgain() throws Exception {
        Agent a = agent(config(TOKEN, "1s", "500ms"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !center.beats.isEmpty());
        String old = center.beats.getFirst().credential();
        center.credentials.remove(old);
        await().atMost(Duration.ofSeconds(10)).until(() -> center.enrollments.size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> !center.beats.getLast().credential().equals(old));
        assertThat(a.nodeId()).isEqualTo("node-id-2");
        assertThat(Files.readString(data.resolve("credential.json"))).doesNotContain(old).contains("node-id-2");
    }

    @Test
    void aBadJoinTokenIsRetriedSlowlyUntilTheAdminFixesIt() throws Exception {
        center.joinTokens.clear();
        agent(config(TOKEN, "1s", "1s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> center.enrollAttempts.get() >= 3);
        List<Long> at = List.copyOf(center.enrollAttemptNanos);
        for (int i = 1; i < 3; i++) {
            long gapMs = (at.get(i) - at.get(i - 1)) / 1_000_000;
            assertThat(gapMs).as("slow retry %d", i).isBetween(450L, 1600L); // between backoff.max/2 and backoff.max
        }
        assertThat(center.beats).isEmpty();
        center.joinTokens.add(TOKEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> !center.beats.isEmpty());
    }

    @Test
    void withoutCredentialOrJoinTokenTheAgentWaitsAndSendsNothing() throws Exception {
        Agent a = agent(config(null, "1s", "500ms"));
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(center.enrollAttempts).hasValue(0);
        assertThat(center.beats).isEmpty();
        assertThat(a.nodeId()).isNull();
        assertThat(a.queuedEvents()).isEqualTo(1); // agent.started waits for enrollment
    }

    @Test
    void retriesAgainstADownCenterBackOffWithSeededJitter() throws Exception {
        // a "center" that accepts connections and hangs up at once, noting when each attempt came
        List<Long> attempts = new CopyOnWriteArrayList<>();
        try (ServerSocket hangUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!hangUp.isClosed()) {
                    try (Socket s = hangUp.accept()) {
                        attempts.add(System.nanoTime());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            AgentConfig c = config(TOKEN, "1s", "2s");
            AgentConfig down = c.withOverrides("http://127.0.0.1:" + hangUp.getLocalPort(), null, null);
            agent(down);
            await().atMost(Duration.ofSeconds(20)).until(() -> attempts.size() >= 7);
        }
        // the same seed gives the same delays: 100 ms doubling to the 2 s cap, each drawn uniformly below its ceiling
        Backoff expected = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new Random(42));
        List<Long> ceilings = new ArrayList<>();
        for (int i = 1; i < 7; i++) {
            ceilings.add(expected.ceiling().toMillis());
            long want = expected.next().toMillis();
            long gotMs = (attempts.get(i) - attempts.get(i - 1)) / 1_000_000;
            assertThat(gotMs).as("delay before attempt %d (ceiling %d ms)", i + 1, ceilings.getLast()).isBetween(want - 20, want + 600);
        }
        assertThat(ceilings).containsExactly(100L, 200L, 400L, 800L, 1600L, 2000L);
    }

    @Test
    void throttlingChangesBecomeEvents() throws Exception {
        agent(config(TOKEN, "1s", "1s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> center.beats.size() >= 1);
        throttled.set(Throttled.fromBits(0x50005));
        await().atMost(Duration.ofSeconds(10)).until(() -> center.events.stream().anyMatch(e -> e.type().equals("throttling.started")));
        throttled.set(Throttled.fromBits(0x50000));
        await().atMost(Duration.ofSeconds(10)).until(() -> center.events.stream().anyMatch(e -> e.type().equals("throttling.stopped")));
        AgentEvent started = center.events.stream().filter(e -> e.type().equals("throttling.started")).findFirst().orElseThrow();
        assertThat(started.detail()).containsEntry("raw", "0x50005").containsEntry("underVoltage", "true");
        assertThat(center.events.stream().filter(e -> e.type().startsWith("throttling.")).count()).isEqualTo(2);
    }

    @Test
    void enrollsAndHeartbeatsOverTlsWithAPinnedCertificate(@TempDir Path certs) throws Exception {
        TestCertificate cert = TestCertificate.create(certs);
        try (FakeCenter tlsCenter = new FakeCenter(cert.serverContext())) {
            tlsCenter.joinTokens.add(TOKEN);
            AgentConfig c = config(TOKEN, "1s", "1s");
            agent(new AgentConfig(null, c.dataDir(), new AgentConfig.Center(tlsCenter.url(), TOKEN, cert.opensslStyleFingerprint(),
                    Duration.ofSeconds(5), c.center().backoff()), c.heartbeat(), c.events(), c.collect(), c.board(), c.commands()));
            await().atMost(Duration.ofSeconds(15)).until(() -> tlsCenter.beats.size() >= 2 && !tlsCenter.events.isEmpty());
            assertThat(tlsCenter.enrollments).hasSize(1);
        }
    }

    @Test
    void twoAgentsCannotShareADataDir() throws Exception {
        agent(config(TOKEN, "1s", "1s"));
        Agent second = new Agent(config(TOKEN, "1s", "1s"), Clock.systemUTC(), () -> FACTS, () -> null, new Random(1));
        assertThatThrownBy(second::start).hasMessageContaining("another bramble agent").hasMessageContaining(data.toString());
    }

    @Test
    void aConfigWithoutCenterUrlIsRefusedClearly() {
        assertThatThrownBy(() -> new Agent(new AgentConfig(null, data.toString(), null, null, null, null), Clock.systemUTC(),
                () -> FACTS, () -> null, new Random(1))).hasMessageContaining("center.url");
    }
}
