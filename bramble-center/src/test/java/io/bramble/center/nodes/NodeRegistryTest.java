package io.bramble.center.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.TestCenter;
import io.bramble.core.wire.AgentEvent;
import io.bramble.core.wire.EventBatch;
import io.bramble.core.wire.Filesystem;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;

/** The registry's behaviour through the real API: health over time, events, edits, history. */
class NodeRegistryTest {
    @TempDir Path dir;
    TestCenter tc;
    String admin;

    @BeforeEach
    void start() {
        tc = new TestCenter(dir, "health:\n  staleAfter: 15s\n  downAfter: 60s\n  checkEvery: 1m\n");
        admin = tc.adminToken();
    }

    @AfterEach
    void stop() {
        tc.close();
    }

    private String state(String name) {
        return tc.http.get("/api/v1/nodes/" + name, admin).json().path("state").asString();
    }

    private List<String> eventTypes(String name) {
        var r = tc.http.get("/api/v1/nodes/" + name + "/events", admin).json().path("events");
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        r.forEach(e -> out.add(e.path("type").asString()));
        return out;
    }

    @Test
    void staleNodeTurnsStaleAfterMissedHeartbeatsThenDownThenUpAgain() {
        String cred = tc.enroll("10000000cccc0001", "pi-quiet");
        assertThat(tc.heartbeat(cred, tc.sample(0.2, 45.0)).status()).isEqualTo(200);
        assertThat(state("pi-quiet")).isEqualTo("up");
        tc.clock.advance(Duration.ofSeconds(14));
        tc.center.nodes().checkHealth();
        assertThat(state("pi-quiet")).isEqualTo("up");
        tc.clock.advance(Duration.ofSeconds(2));
        tc.center.nodes().checkHealth();
        assertThat(state("pi-quiet")).isEqualTo("stale");
        tc.clock.advance(Duration.ofSeconds(60));
        tc.center.nodes().checkHealth();
        assertThat(state("pi-quiet")).isEqualTo("down");
        assertThat(tc.heartbeat(cred, tc.sample(0.2, 45.0)).json().path("health").asString()).isEqualTo("up");
        assertThat(state("pi-quiet")).isEqualTo("up");
        assertThat(eventTypes("pi-quiet")).containsSubsequence("node.up", "node.down", "node.stale", "node.joined");
    }

    @Test
    void hotThrottledOrFullNodeIsDegradedWithReasons() {
        String cred = tc.enroll("10000000cccc0002", "pi-hot");
        tc.heartbeat(cred, tc.sample(0.5, 85.0));
        assertThat(state("pi-hot")).isEqualTo("degraded");
        tc.heartbeat(cred, tc.sample(0.5, 50.0));
        assertThat(state("pi-hot")).isEqualTo("up");
        Sample full = new Sample(tc.clock.instant().plusSeconds(1), 0.1, 0.1, 0.1, 5.0, 1L, 1L, 100L, 95L,
                List.of(new Filesystem("/", "/dev/mmcblk0p2", "ext4", 100, 95)), 0L, 0L, 1.0, 40.0, Throttled.fromBits(0));
        assertThat(tc.heartbeat(cred, full).json().path("health").asString()).isEqualTo("degraded");
        var degraded = tc.http.get("/api/v1/nodes/pi-hot/events", admin).json().path("events").get(0);
        assertThat(degraded.path("type").asString()).isEqualTo("node.degraded");
        assertThat(degraded.path("detail").path("diskFull").asString()).isEqualTo("/");
    }

    @Test
    void throttlingStartAndStopAreEvents() {
        String cred = tc.enroll("10000000cccc0003", "pi-volt");
        Sample s1 = new Sample(tc.clock.instant(), 1.0, 1.0, 1.0, 5.0, null, null, null, null, List.of(), null, null, null, 60.0,
                Throttled.fromBits(0x50005));
        tc.heartbeat(cred, s1);
        tc.clock.advance(Duration.ofSeconds(5));
        Sample s2 = new Sample(tc.clock.instant(), 1.0, 1.0, 1.0, 5.0, null, null, null, null, List.of(), null, null, null, 60.0,
                Throttled.fromBits(0x50000));
        tc.heartbeat(cred, s2);
        assertThat(eventTypes("pi-volt")).containsSubsequence("throttling.stopped", "throttling.started");
        var n = tc.http.get("/api/v1/nodes/pi-volt", admin).json();
        assertThat(n.path("metrics").path("throttled").path("underVoltage").asBoolean()).isFalse();
        assertThat(n.path("metrics").path("throttled").path("underVoltageOccurred").asBoolean()).isTrue();
        assertThat(n.path("metrics").path("memTotalBytes").isNull()).as("an absent signal stays null").isTrue();
    }

    @Test
    void agentEventsAreStoredOnceAndInOrder() {
        String cred = tc.enroll("10000000cccc0004", "pi-events");
        Instant t = tc.clock.instant();
        var batch1 = new EventBatch(List.of(new AgentEvent(1, t, "agent.started", Map.of()), new AgentEvent(2, t, "button.test", Map.of())));
        var r1 = tc.http.post("/api/v1/agent/events", cred, batch1);
        assertThat(r1.status()).isEqualTo(200);
        assertThat(r1.json().path("lastSeq").asLong()).isEqualTo(2);
        // the reply was lost: the agent sends 1-3 again; only 3 is new
        var batch2 = new EventBatch(List.of(new AgentEvent(1, t, "agent.started", Map.of()), new AgentEvent(2, t, "button.test", Map.of()),
                new AgentEvent(3, t, "agent.stopping", Map.of())));
        assertThat(tc.http.post("/api/v1/agent/events", cred, batch2).json().path("lastSeq").asLong()).isEqualTo(3);
        assertThat(eventTypes("pi-events")).containsExactly("agent.stopping", "button.test", "agent.started", "node.joined");
    }

    @Test
    void reenrollingKeepsTheNodeAndRevokesTheOldCredential() {
        String old = tc.enroll("10000000cccc0005", "pi-again");
        String fresh = tc.enroll("10000000cccc0005", "pi-again");
        assertThat(tc.center.nodes().list()).filteredOn(n -> n.serial().equals("10000000cccc0005")).hasSize(1);
        assertThat(tc.heartbeat(old, tc.sample(0.1, 40.0)).status()).isEqualTo(401);
        assertThat(tc.heartbeat(fresh, tc.sample(0.1, 40.0)).status()).isEqualTo(200);
    }

    @Test
    void duplicateHostnamesGetDistinctNames() {
        tc.enroll("10000000cccc0006", "raspberrypi");
        tc.enroll("10000000cccc0007", "raspberrypi");
        assertThat(tc.center.nodes().list()).extracting(Node::name).contains("raspberrypi", "raspberrypi-2");
    }

    @Test
    void editsAreStoredAuditedAndShownInTheTimeline() {
        tc.enroll("10000000cccc0008", "pi-edit");
        String op = tc.token("operator");
        var r = tc.http.patch("/api/v1/nodes/pi-edit", op, Map.of("name", "web01", "roles", List.of("web"),
                "labels", Map.of("tier", "front"), "location", Map.of("rack", "rack1", "row", 2, "slot", 5)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("name").asString()).isEqualTo("web01");
        assertThat(r.json().path("location").path("slot").asInt()).isEqualTo(5);
        var e = tc.http.get("/api/v1/nodes/web01/events", admin).json().path("events").get(0);
        assertThat(e.path("type").asString()).isEqualTo("node.edited");
        assertThat(e.path("actor").asString()).isEqualTo("token:operator-test");
        var audit = tc.http.get("/api/v1/audit", admin).json().path("audit");
        assertThat(audit.toString()).contains("node.edit").contains("token:operator-test");
        // the slot is now taken
        tc.enroll("10000000cccc0009", "pi-other");
        var clash = tc.http.patch("/api/v1/nodes/pi-other", op, Map.of("location", Map.of("rack", "rack1", "row", 2, "slot", 5)));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.errorMessage()).contains("web01");
    }

    @Test
    void rollupsFoldRawSamplesAndExpireOldOnes() {
        String cred = tc.enroll("10000000cccc0010", "pi-hist");
        admin = tc.token("admin"); // a login session would end during the 49 hours this test spans
        Instant start = tc.clock.instant();
        for (int i = 0; i < 24; i++) { // two minutes at 5 s
            tc.heartbeat(cred, tc.sample(i < 12 ? 1.0 : 3.0, 40.0 + i));
            tc.clock.advance(Duration.ofSeconds(5));
        }
        int[] first = tc.center.nodes().rollup();
        assertThat(first[0]).isEqualTo(2);
        var raw = tc.http.get("/api/v1/nodes/pi-hist/samples?resolution=raw&from=" + start + "&to=" + tc.clock.instant(), admin).json();
        assertThat(raw.path("samples").size()).isEqualTo(24);
        var minutes = tc.http.get("/api/v1/nodes/pi-hist/samples?resolution=1m&from=" + start.minusSeconds(60) + "&to=" + tc.clock.instant(), admin).json();
        assertThat(minutes.path("samples").size()).isEqualTo(2);
        assertThat(minutes.path("samples").get(0).path("load1").asDouble()).isEqualTo(1.0);
        assertThat(minutes.path("samples").get(1).path("load1").asDouble()).isEqualTo(3.0);
        assertThat(tc.center.nodes().rollup()[0]).as("rollup is idempotent").isZero();
        // a long range reads rollups by itself
        var auto = tc.http.get("/api/v1/nodes/pi-hist/samples?from=" + start.minus(Duration.ofDays(1)) + "&to=" + tc.clock.instant(), admin).json();
        assertThat(auto.path("resolution").asString()).isEqualTo("1m");
        // 49 hours later the raw samples are gone, the rollups stay
        tc.clock.advance(Duration.ofHours(49));
        int[] later = tc.center.nodes().rollup();
        assertThat(later[1]).isEqualTo(24);
        var kept = tc.http.get("/api/v1/nodes/pi-hist/samples?resolution=1m&from=" + start.minusSeconds(60) + "&to=" + tc.clock.instant(), admin);
        assertThat(kept.json().path("samples").size()).as(kept.body()).isEqualTo(2);
        tc.clock.advance(Duration.ofDays(30));
        assertThat(tc.center.nodes().rollup()[2]).isEqualTo(2);
    }

    @Test
    void aPi5sOwnDrawIsShownKeptAndExported() {
        String cred = tc.enroll("10000000cccc0012", "pi5-power");
        Sample s = new Sample(tc.clock.instant(), 0.5, 0.5, 0.5, null, null, null, null, null, List.of(), null, null, null, 50.0,
                Throttled.fromBits(0), 3.25);
        tc.heartbeat(cred, s);
        assertThat(tc.http.get("/api/v1/nodes/pi5-power", admin).json().path("metrics").path("powerWatts").asDouble()).isEqualTo(3.25);
        var history = tc.http.get("/api/v1/nodes/pi5-power/samples?resolution=raw", admin).json().path("samples");
        assertThat(history.get(0).path("powerWatts").asDouble()).isEqualTo(3.25);
        assertThat(tc.http.get("/metrics", admin).body()).contains("bramble_node_power_watts{node=\"pi5-power\",state=\"up\"} 3.25");
    }

    @Test
    void prometheusShowsPresentSignalsOnly() {
        String cred = tc.enroll("10000000cccc0011", "pi-prom");
        tc.http.patch("/api/v1/nodes/pi-prom", admin, Map.of("roles", List.of("web"), "location", Map.of("rack", "rack1", "row", 1, "slot", 2)));
        Sample s = new Sample(tc.clock.instant(), 0.75, 0.5, 0.25, null, 100L, 40L, null, null, List.of(), null, null, null, null, null);
        tc.heartbeat(cred, s);
        String text = tc.http.get("/metrics", admin).body();
        assertThat(text).contains("bramble_node_load1{node=\"pi-prom\",state=\"up\",rack=\"rack1\",row=\"1\",slot=\"2\",role=\"web\"} 0.75");
        assertThat(text).contains("bramble_node_up{node=\"pi-prom\"");
        assertThat(text).containsPattern("bramble_store_group_commit_writes_total [1-9]");
        assertThat(text).doesNotContain("bramble_node_temperature_celsius{node=\"pi-prom\"");
    }

    @Test
    void aPisEightDigitBootSerialNamesTheSameBoardAsItsFullSerial() {
        assertThat(NodeRegistry.sameBoard("3a5b9c01", "100000003A5B9C01")).isTrue();
        assertThat(NodeRegistry.sameBoard("100000003a5b9c01", "3a5b9c01")).isTrue();
        assertThat(NodeRegistry.sameBoard("3a5b9c01", "100000003a5b9c02")).isFalse();
        assertThat(NodeRegistry.sameBoard("5b9c01", "100000003a5b9c01")).as("fewer than 8 digits never match a suffix").isFalse();
        assertThat(NodeRegistry.sameBoard("machine-id-3a5b9c01", "3a5b9c01")).as("only hex serials").isFalse();
    }

    @Test
    void lookupsByNameAndSerialFollowRenamesAndTheShortBootSerial() {
        NodeRegistry nodes = tc.center.nodes();
        tc.enroll("100000003A5B9C01", "pi-index");
        tc.enroll("200000003a5b9c01", "pi-twin"); // same last 8 digits, another board
        assertThat(nodes.bySerial("3a5b9c01")).as("the 8-digit boot serial matches a full one ending in it").isPresent();
        assertThat(nodes.bySerial("100000003a5b9c01").orElseThrow().name()).isEqualTo("pi-index");
        assertThat(nodes.bySerial("200000003A5B9C01").orElseThrow().name()).isEqualTo("pi-twin");
        assertThat(nodes.bySerial("300000003a5b9c01")).isEmpty();
        assertThat(nodes.bySerial("3a5b9c02")).isEmpty();

        var r = tc.http.patch("/api/v1/nodes/pi-index", tc.token("operator"), Map.of("name", "web07"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(nodes.byName("pi-index")).isEmpty();
        assertThat(nodes.byName("web07").orElseThrow().serial()).isEqualToIgnoringCase("100000003a5b9c01");
        assertThat(nodes.bySerial("100000003a5b9c01").orElseThrow().name()).isEqualTo("web07");
        // the old name is free again
        tc.enroll("10000000cccc0011", "pi-index");
        assertThat(nodes.byName("pi-index").orElseThrow().serial()).isEqualTo("10000000cccc0011");
    }

    /**
     * A race, so the old bug was caught by chance, not every time: on the code before the fix this failed in each
     * of several runs, within the first few heartbeats.
     */
    @Test
    @Timeout(60)
    void anEditMadeWhileHeartbeatsLandKeepsTheirTimeAndSample() throws Exception {
        NodeRegistry nodes = tc.center.nodes();
        tc.enroll("10000000cccc0021", "pi-race");
        String id = nodes.byName("pi-race").orElseThrow().id();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> rolledBack = new AtomicReference<>();
        AtomicReference<Throwable> editorFailed = new AtomicReference<>();
        AtomicInteger edits = new AtomicInteger();
        // an operator locating the node over and over, each time under the write lock with a database transaction
        Thread editor = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (!done.get()) {
                    nodes.setLocated(id, edits.getAndIncrement() % 2 == 0 ? NodeRegistry.LOCATED_UNTIL_CLEARED : null, "user:admin", Map.of());
                    LockSupport.parkNanos(3_000_000); // a busy operator, not a loop
                }
            } catch (Throwable t) {
                editorFailed.set(t);
            }
        });
        // last seen never goes back: a write that read the node before a heartbeat must not store the older copy
        Thread watcher = Thread.ofPlatform().daemon().start(() -> {
            Instant newest = Instant.MIN;
            while (!done.get() && rolledBack.get() == null) {
                Instant seen = nodes.byId(id).orElseThrow().lastSeen();
                if (seen.isBefore(newest)) rolledBack.set("last seen went back from " + newest + " to " + seen);
                else newest = seen;
                Thread.onSpinWait();
            }
        });
        double load = 0;
        try {
            for (int i = 0; i < 50; i++) {
                tc.clock.advance(Duration.ofSeconds(1));
                load = i / 10.0;
                nodes.heartbeat(id, tc.sample(load, 45.0), "10.0.0.21");
            }
        } finally {
            done.set(true);
            editor.join(10_000);
            watcher.join(10_000);
        }

        assertThat(editorFailed.get()).isNull();
        assertThat(edits.get()).as("the editor ran alongside").isGreaterThan(2);
        assertThat(rolledBack.get()).isNull();
        Node last = nodes.byId(id).orElseThrow();
        assertThat(last.lastSeen()).isEqualTo(tc.clock.instant());
        assertThat(last.lastSample().load1()).isEqualTo(load);
        assertThat(last.address()).isEqualTo("10.0.0.21");
    }
}
