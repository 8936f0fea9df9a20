package io.bramble.center.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.Http;
import io.bramble.center.TestCenter;
import io.bramble.center.nodes.Health;
import tools.jackson.databind.JsonNode;

/** The power API on a real center with simulated outlets: switching, staggering, events, audit, roles, budget, restore. */
class PowerApiTest {
    static final String POWER = """
            power:
              staggerOn: 250ms
              cycleOffTime: 0s
              outlets:
                - {node: pi-one, driver: simulated}
                - {node: pi-two, driver: simulated}
                - {node: pi-three, driver: simulated}
                - {node: spare, driver: simulated, model: "5"}
              psus:
                - {name: row1, watts: 15, nodes: "pi-one,pi-two,pi-three"}
                - {name: row2, watts: 100, nodes: "spare"}
            """;

    @TempDir Path dir;
    TestCenter tc;
    String operator;

    @BeforeEach
    void start() {
        tc = new TestCenter(dir, POWER);
        operator = tc.token("operator");
        tc.enroll("10000000bbbb0001", "pi-one");
        tc.enroll("10000000bbbb0002", "pi-two");
        tc.enroll("10000000bbbb0003", "pi-three");
    }

    @AfterEach
    void stop() {
        if (tc != null) tc.close();
    }

    SimulatedOutlet outlet(TestCenter c, String node) {
        return (SimulatedOutlet) c.center.power().outlet(node).orElseThrow().power();
    }

    JsonNode runJob(String action, String nodes) {
        Http.Response r = tc.http.post("/api/v1/power/" + action, operator, Map.of("nodes", nodes));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().path("id").asString();
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/power/jobs/" + id);
        await().atMost(Duration.ofSeconds(10)).until(() -> tc.http.get("/api/v1/power/jobs/" + id, operator).json().path("finished").asBoolean());
        return tc.http.get("/api/v1/power/jobs/" + id, operator).json();
    }

    @Test
    void powerOffMarksNodesOffWithAnEventAndAnAuditEntryByTheOperator() {
        JsonNode job = runJob("off", "pi-one,pi-two");
        assertThat(job.path("done").asInt()).isEqualTo(2);
        assertThat(job.path("failed").asInt()).isZero();
        assertThat(outlet(tc, "pi-one").status()).isEqualTo(PowerSwitch.State.OFF);
        assertThat(outlet(tc, "pi-three").status()).isEqualTo(PowerSwitch.State.ON);
        assertThat(tc.center.nodes().byName("pi-one").orElseThrow().health()).isEqualTo(Health.OFF);
        assertThat(tc.http.get("/api/v1/nodes/pi-two", operator).json().path("state").asString()).isEqualTo("off");
        var events = tc.center.events().recent(null, null, 50);
        assertThat(events).filteredOn(e -> e.type().equals("power.off")).extracting(e -> e.node()).containsExactlyInAnyOrder("pi-one", "pi-two");
        assertThat(events).filteredOn(e -> e.type().equals("power.off")).allSatisfy(e -> assertThat(e.actor()).isEqualTo("token:operator-test"));
        assertThat(tc.center.audit().recent(20)).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("power.off");
            assertThat(a.actor()).isEqualTo("token:operator-test");
            assertThat(a.target()).isEqualTo("nodes:pi-one,pi-two");
        });
        // an off node's heartbeats do not make it look up again
        assertThat(tc.http.get("/api/v1/power", operator).json().path("outlets").get(0).path("state").asString()).isEqualTo("off");
    }

    @Test
    void powerOnIsStaggeredAndWaitsForTheFirstHeartbeat() {
        runJob("off", "pi-one,pi-two,pi-three");
        List<Long> onAt = new CopyOnWriteArrayList<>();
        for (String n : List.of("pi-one", "pi-two", "pi-three"))
            outlet(tc, n).attach(new SimulatedOutlet.Device() {
                public void powerOff() {}

                public void powerOn() {
                    onAt.add(System.nanoTime());
                }
            });
        JsonNode job = runJob("on", "pi-one,pi-two,pi-three");
        assertThat(job.path("steps")).extracting(s -> s.path("node").asString()).containsExactly("pi-one", "pi-two", "pi-three");
        assertThat(onAt).hasSize(3);
        for (int i = 1; i < 3; i++) assertThat(Duration.ofNanos(onAt.get(i) - onAt.get(i - 1))).isGreaterThanOrEqualTo(Duration.ofMillis(240));
        var n = tc.center.nodes().byName("pi-two").orElseThrow();
        assertThat(n.health()).isEqualTo(Health.DOWN);
        String cred = tc.enroll("10000000bbbb0002", "pi-two");
        assertThat(tc.heartbeat(cred, tc.sample(0.5, 50.0)).status()).isEqualTo(200);
        assertThat(tc.center.nodes().byName("pi-two").orElseThrow().health()).isEqualTo(Health.UP);
    }

    @Test
    void cycleSwitchesOffThenOnAndCountsEachNodeOnce() {
        JsonNode job = runJob("cycle", "pi-three");
        assertThat(job.path("done").asInt()).isEqualTo(1);
        assertThat(outlet(tc, "pi-three").switches()).isEqualTo(2);
        assertThat(outlet(tc, "pi-three").status()).isEqualTo(PowerSwitch.State.ON);
        assertThat(tc.center.events().recent(null, null, 50)).filteredOn(e -> e.type().equals("power.cycle"))
                .extracting(e -> e.detail().get("step")).containsExactly("on", "off");
    }

    @Test
    void aViewerOrNobodyCannotSwitchPower() {
        String viewer = tc.token("viewer");
        for (String action : List.of("on", "off", "cycle")) {
            var r = tc.http.post("/api/v1/power/" + action, viewer, Map.of("nodes", "pi-one"));
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.errorCode()).isEqualTo("forbidden");
            assertThat(tc.http.post("/api/v1/power/" + action, null, Map.of("nodes", "pi-one")).status()).isEqualTo(401);
        }
        assertThat(outlet(tc, "pi-one").switches()).isZero();
        assertThat(tc.http.get("/api/v1/power", viewer).status()).isEqualTo(200);
    }

    @Test
    void nodesWithoutAnOutletOrABadSetAreRefusedBeforeAnythingIsSwitched() {
        var r = tc.http.post("/api/v1/power/off", operator, Map.of("nodes", "pi-one,node[07-08]"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("no_outlet");
        assertThat(r.errorMessage()).contains("node07, node08").contains("power.outlets");
        assertThat(outlet(tc, "pi-one").switches()).isZero();
        assertThat(tc.http.post("/api/v1/power/off", operator, Map.of("nodes", "pi-[1-")).status()).isEqualTo(400);
        assertThat(tc.http.post("/api/v1/power/off", operator, Map.of("nodes", "")).errorMessage()).contains("nodes:");
        assertThat(tc.http.post("/api/v1/power/off", operator, Map.of("nodes", "pi-one", "force", true)).errorCode()).isEqualTo("unknown_field");
    }

    @Test
    void rolesWorkAsGroupsAndANodeThatNeverEnrolledCanStillBeSwitched() {
        tc.http.patch("/api/v1/nodes/pi-one", tc.adminToken(), Map.of("roles", List.of("web")));
        tc.http.patch("/api/v1/nodes/pi-three", tc.adminToken(), Map.of("roles", List.of("web")));
        JsonNode job = runJob("off", "@web,spare");
        assertThat(job.path("nodes")).extracting(JsonNode::asString).containsExactly("pi-one", "pi-three", "spare");
        assertThat(outlet(tc, "spare").status()).isEqualTo(PowerSwitch.State.OFF);
        assertThat(tc.center.events().recent(null, null, 50)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("power.off");
            assertThat(e.node()).isEqualTo("spare");
            assertThat(e.nodeId()).isNull();
        });
    }

    @Test
    void theBudgetShowsEstimatedAndMeasuredDrawPerPsuAndWarnsWhenOverSubscribed() {
        JsonNode p = tc.http.get("/api/v1/power?refresh=true", operator).json();
        JsonNode row1 = p.path("psus").get(0);
        assertThat(row1.path("name").asString()).isEqualTo("row1");
        assertThat(row1.path("estimatedWatts").asDouble()).isEqualTo(19.2); // three Pi 4s at 6.4 W
        assertThat(row1.path("overSubscribed").asBoolean()).isTrue();
        assertThat(row1.path("measuredNodes").asInt()).isEqualTo(3);
        assertThat(row1.path("measuredWatts").asDouble()).isGreaterThan(0);
        assertThat(p.path("warnings").get(0).asString()).contains("row1").contains("over-subscribed");
        JsonNode row2 = p.path("psus").get(1);
        assertThat(row2.path("estimatedWatts").asDouble()).isEqualTo(12.0); // a Pi 5, from the outlet's model
        assertThat(row2.path("overSubscribed").asBoolean()).isFalse();
        JsonNode spare = p.path("outlets").get(3);
        assertThat(spare.path("node").asString()).isEqualTo("spare");
        assertThat(spare.path("model").asString()).isEqualTo("5");
        assertThat(spare.path("reported").asString()).isEqualTo("on");
        assertThat(spare.path("watts").asDouble()).isGreaterThan(0);
        // the reading went into the time series
        JsonNode series = tc.http.get("/api/v1/power/pi-one/readings", operator).json();
        assertThat(series.path("readings").size()).isGreaterThanOrEqualTo(1);
        assertThat(series.path("readings").get(0).path("watts").asDouble()).isGreaterThan(0);
        assertThat(tc.http.get("/api/v1/power/nosuch/readings", operator).status()).isEqualTo(404);
    }

    @Test
    void aRowsReadingsAreTheSumOfItsPlacedNodesMeters() {
        String admin = tc.token("admin");
        tc.http.patch("/api/v1/nodes/pi-one", admin, Map.of("location", Map.of("rack", "rack1", "row", 1, "slot", 1)));
        tc.http.patch("/api/v1/nodes/pi-two", admin, Map.of("location", Map.of("rack", "rack1", "row", 1, "slot", 2)));
        tc.http.patch("/api/v1/nodes/pi-three", admin, Map.of("location", Map.of("rack", "rack1", "row", 2, "slot", 1)));
        tc.http.get("/api/v1/power?refresh=true", operator);
        double one = tc.http.get("/api/v1/power/pi-one/readings", operator).json().path("readings").get(0).path("watts").asDouble();
        double two = tc.http.get("/api/v1/power/pi-two/readings", operator).json().path("readings").get(0).path("watts").asDouble();
        JsonNode row = tc.http.get("/api/v1/power/rows/rack1/1/readings", operator).json();
        assertThat(row.path("readings").size()).isEqualTo(1);
        assertThat(row.path("readings").get(0).path("nodes").asInt()).isEqualTo(2); // pi-three sits in row 2
        assertThat(row.path("readings").get(0).path("watts").asDouble()).isCloseTo(one + two, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(tc.http.get("/api/v1/power/rows/rack1/3/readings", operator).json().path("readings").size()).isZero();
        assertThat(tc.http.get("/api/v1/power/rows/rack1/x/readings", operator).status()).isEqualTo(400);
    }

    @Test
    void powerStateIsRestoredAfterACenterRestart() {
        runJob("off", "pi-two,spare");
        tc.close();
        tc = new TestCenter(dir, POWER);
        // a fresh simulated outlet starts on; the center switches it back off
        await().atMost(Duration.ofSeconds(10)).until(() -> outlet(tc, "spare").status() == PowerSwitch.State.OFF
                && outlet(tc, "pi-two").status() == PowerSwitch.State.OFF);
        assertThat(outlet(tc, "pi-one").status()).isEqualTo(PowerSwitch.State.ON);
        assertThat(tc.center.nodes().byName("pi-two").orElseThrow().health()).isEqualTo(Health.OFF);
        assertThat(tc.center.events().recent(null, null, 50)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("power.off");
            assertThat(e.actor()).isEqualTo("center");
            assertThat(e.detail()).containsEntry("restored", true);
        });
    }

    @Test
    void restoreCanBeTurnedOff() {
        runJob("off", "spare");
        tc.close();
        tc = new TestCenter(dir, POWER.replace("staggerOn: 250ms", "staggerOn: 250ms\n  restoreOnStart: false"));
        assertThat(tc.center.power().config().restoreOnStart()).isFalse();
        assertThat(outlet(tc, "spare").status()).isEqualTo(PowerSwitch.State.ON);
        assertThat(outlet(tc, "spare").switches()).isZero();
    }
}
