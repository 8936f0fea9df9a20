package io.bramble.center.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.Http;
import io.bramble.center.TestCenter;
import io.bramble.core.wire.AgentEvent;
import io.bramble.core.wire.EventBatch;
import tools.jackson.databind.JsonNode;

/** The command channel and locate through the real API: queue, long-poll, result, expiry, the button. */
class CommandChannelTest {
    @TempDir Path dir;
    TestCenter tc;
    String admin;
    String cred;

    @BeforeEach
    void start() {
        tc = new TestCenter(dir);
        admin = tc.adminToken();
        cred = tc.enroll("10000000c0de0001", "pi-cmd");
    }

    @AfterEach
    void stop() {
        tc.close();
    }

    private Http.Response send(String type, Map<String, ?> args) {
        return tc.http.post("/api/v1/nodes/pi-cmd/commands", admin, Map.of("type", type, "args", args));
    }

    private JsonNode poll(String wait) {
        var r = tc.http.get("/api/v1/agent/commands?wait=" + wait, cred);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("commands");
    }

    private JsonNode command(String id) {
        return tc.http.get("/api/v1/commands/" + id, admin).json();
    }

    @Test
    void queuedCommandIsDeliveredOnThePollAndFinishedByTheResult() {
        var r = send("fan", Map.of("mode", "fixed", "percent", 60));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().path("id").asString();
        assertThat(r.json().path("status").asString()).isEqualTo("queued");

        JsonNode cmds = poll("0");
        assertThat(cmds).hasSize(1);
        assertThat(cmds.get(0).path("id").asString()).isEqualTo(id);
        assertThat(cmds.get(0).path("type").asString()).isEqualTo("fan");
        assertThat(cmds.get(0).path("args").path("percent").asString()).isEqualTo("60");
        assertThat(command(id).path("status").asString()).isEqualTo("delivered");

        var ack = tc.http.post("/api/v1/agent/commands/" + id + "/result", cred, Map.of("ok", true, "message", "fan at 60%"));
        assertThat(ack.status()).as(ack.body()).isEqualTo(200);
        JsonNode done = command(id);
        assertThat(done.path("status").asString()).isEqualTo("done");
        assertThat(done.path("result").asString()).isEqualTo("fan at 60%");
        assertThat(done.path("createdBy").asString()).isEqualTo("admin");
        assertThat(poll("0")).isEmpty();

        // a resent result (the agent did not get the answer) changes nothing
        var again = tc.http.post("/api/v1/agent/commands/" + id + "/result", cred, Map.of("ok", false, "message", "late"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(command(id).path("status").asString()).isEqualTo("done");
        assertThat(tc.http.get("/api/v1/nodes/pi-cmd/commands", admin).json().path("commands").get(0).path("status").asString()).isEqualTo("done");
    }

    @Test
    void unackedCommandIsDeliveredAgainOnTheNextPoll() {
        String id = send("led", Map.of("colour", "red", "pattern", "blink")).json().path("id").asString();
        assertThat(poll("0")).hasSize(1);
        JsonNode again = poll("0");
        assertThat(again).hasSize(1);
        assertThat(again.get(0).path("id").asString()).isEqualTo(id);
        assertThat(command(id).path("deliveries").asInt()).isEqualTo(2);
    }

    @Test
    void longPollAnswersAsSoonAsACommandIsQueued() throws Exception {
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> poll("20s"));
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        long t0 = System.nanoTime();
        send("reboot", Map.of());
        JsonNode got = waiting.get(5, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2000);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).path("type").asString()).isEqualTo("reboot");
    }

    @Test
    void longPollWithNothingQueuedAnswersEmptyAfterTheWait() {
        long t0 = System.nanoTime();
        assertThat(poll("1s")).isEmpty();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(900);
    }

    @Test
    void aLongPollLongerThanJettysDefaultIdleTimeoutIsAnsweredNotCutOff() throws Exception {
        // Jetty closes a connection idle for 30 s by default; the agent may wait up to 60 s
        CompletableFuture<Http.Response> waiting = CompletableFuture.supplyAsync(() -> tc.http.get("/api/v1/agent/commands?wait=40s", cred,
                Duration.ofSeconds(60)));
        Thread.sleep(34_000);
        assertThat(waiting).isNotDone();
        send("reboot", Map.of());
        Http.Response got = waiting.get(10, TimeUnit.SECONDS);
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        assertThat(got.json().path("commands")).hasSize(1);
    }

    @Test
    void commandNotFetchedWithinItsTtlExpiresAndIsNeverDelivered() {
        var r = tc.http.post("/api/v1/nodes/pi-cmd/commands", admin, Map.of("type", "led", "args", Map.of("colour", "auto"), "ttlSeconds", 30));
        String id = r.json().path("id").asString();
        tc.clock.advance(Duration.ofSeconds(31));
        assertThat(tc.center.commands().expire()).isEqualTo(1);
        JsonNode c = command(id);
        assertThat(c.path("status").asString()).isEqualTo("expired");
        assertThat(c.path("result").asString()).contains("did not ask for it");
        assertThat(poll("0")).isEmpty();
        assertThat(eventTypes()).contains("command.expired");
    }

    @Test
    void commandsSurviveACenterRestart() {
        String id = send("fan", Map.of("mode", "auto")).json().path("id").asString();
        tc.close();
        tc = new TestCenter(dir);
        admin = tc.adminToken();
        JsonNode cmds = poll("2s");
        assertThat(cmds).hasSize(1);
        assertThat(cmds.get(0).path("id").asString()).isEqualTo(id);
    }

    @Test
    void badCommandsAreRefusedWithTheArgumentNamed() {
        var unknown = send("explode", Map.of());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorMessage()).contains("type must be one of").contains("explode");
        var pct = send("fan", Map.of("mode", "fixed", "percent", 140));
        assertThat(pct.status()).isEqualTo(400);
        assertThat(pct.errorMessage()).contains("args.percent").contains("0 to 100");
        var colour = send("led", Map.of("colour", "purple"));
        assertThat(colour.status()).isEqualTo(400);
        assertThat(colour.errorMessage()).contains("args.colour").contains("amber");
        var extra = send("reboot", Map.of("force", true));
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.errorMessage()).contains("args.force").contains("takes none");
        var press = send("press", Map.of());
        assertThat(press.status()).isEqualTo(400);
        assertThat(press.errorMessage()).contains("simulated nodes only");
        var ttl = tc.http.post("/api/v1/nodes/pi-cmd/commands", admin, Map.of("type", "reboot", "ttlSeconds", 1));
        assertThat(ttl.status()).isEqualTo(400);
        assertThat(ttl.errorMessage()).contains("ttlSeconds");
        assertThat(tc.http.get("/api/v1/nodes/pi-cmd/commands", admin).json().path("commands")).isEmpty();
        var wait = tc.http.get("/api/v1/agent/commands?wait=forever", cred);
        assertThat(wait.status()).isEqualTo(400);
        assertThat(wait.errorMessage()).contains("wait");
    }

    @Test
    void aViewerCannotSendCommandsAndANodeCannotAnswerAnotherNodesCommand() {
        String viewer = tc.token("viewer");
        var r = tc.http.post("/api/v1/nodes/pi-cmd/commands", viewer, Map.of("type", "reboot"));
        assertThat(r.status()).isEqualTo(403);
        String id = send("reboot", Map.of()).json().path("id").asString();
        String other = tc.enroll("10000000c0de0002", "pi-other");
        var forged = tc.http.post("/api/v1/agent/commands/" + id + "/result", other, Map.of("ok", true, "message", "not mine"));
        assertThat(forged.status()).isEqualTo(404);
        assertThat(command(id).path("status").asString()).isEqualTo("queued");
        var auditRows = tc.http.get("/api/v1/audit", admin).json().path("audit");
        List<String> actions = new ArrayList<>();
        auditRows.forEach(e -> actions.add(e.path("action").asString()));
        assertThat(actions).contains("command.reboot");
    }

    @Test
    void locateMarksTheNodeLocatedAndQueuesABlinkAndDeleteClearsIt() {
        var r = tc.http.post("/api/v1/nodes/pi-cmd/locate", admin, Map.of("seconds", 30));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().path("node").path("located").asBoolean()).isTrue();
        assertThat(r.json().path("command").path("args").path("seconds").asString()).isEqualTo("30");
        JsonNode node = tc.http.get("/api/v1/nodes/pi-cmd", admin).json();
        assertThat(node.path("located").asBoolean()).isTrue();
        assertThat(Instant.parse(node.path("locatedUntil").asString())).isEqualTo(tc.clock.instant().plusSeconds(30));
        // the heartbeat reply tells the agent too (its status LEDs show it)
        assertThat(tc.heartbeat(cred, tc.sample(0.1, 40.0)).json().path("located").asBoolean()).isTrue();
        JsonNode cmds = poll("0");
        assertThat(cmds).hasSize(1);
        assertThat(cmds.get(0).path("type").asString()).isEqualTo("locate");
        assertThat(tc.http.get("/metrics", admin).body()).containsPattern("(?m)^bramble_node_located\\{node=\"pi-cmd\"[^}]*\\} 1$");

        var clear = tc.http.delete("/api/v1/nodes/pi-cmd/locate", admin);
        assertThat(clear.status()).as(clear.body()).isEqualTo(202);
        assertThat(tc.http.get("/api/v1/nodes/pi-cmd", admin).json().path("located").asBoolean()).isFalse();
        JsonNode off = poll("0");
        assertThat(off).anySatisfy(c -> assertThat(c.path("args").path("action").asString()).isEqualTo("off"));
        assertThat(eventTypes()).contains("locate.on", "locate.cleared");
    }

    @Test
    void locateEndsByItselfAfterItsSeconds() {
        tc.http.post("/api/v1/nodes/pi-cmd/locate", admin, Map.of("seconds", 10));
        tc.clock.advance(Duration.ofSeconds(11));
        assertThat(tc.http.get("/api/v1/nodes/pi-cmd", admin).json().path("located").asBoolean()).isFalse();
    }

    @Test
    void locateRefusesABadDuration() {
        var r = tc.http.post("/api/v1/nodes/pi-cmd/locate", admin, Map.of("seconds", 0));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("seconds must be from 1 to 86400");
        assertThat(tc.http.get("/api/v1/nodes/pi-cmd", admin).json().path("located").asBoolean()).isFalse();
    }

    @Test
    void buttonPressLocatesTheNodeUntilPressedAgain() {
        press(1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> tc.http.get("/api/v1/nodes/pi-cmd", admin).json().path("located").asBoolean());
        JsonNode node = tc.http.get("/api/v1/nodes/pi-cmd", admin).json();
        assertThat(node.path("locatedUntil").isNull()).isTrue();
        tc.clock.advance(Duration.ofDays(2));
        admin = tc.token("admin"); // the login session has ended by now; an API token has not
        assertThat(tc.http.get("/api/v1/nodes/pi-cmd", admin).json().path("located").asBoolean()).isTrue();
        // the same event sent again (a lost answer) does not toggle it back
        press(1);
        press(2);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> !tc.http.get("/api/v1/nodes/pi-cmd", admin).json().path("located").asBoolean());
        assertThat(eventTypes()).contains("locate.pressed", "locate.on", "locate.cleared");
    }

    @Test
    void theBoardStateOfTheLastHeartbeatIsOnTheNodeAndInTheMetrics() {
        var board = new io.bramble.core.wire.BoardState(false, io.bramble.core.wire.BoardState.Part.present("GPIO 17 via gpiod, pull-up, active low"),
                io.bramble.core.wire.BoardState.Part.present("ACT LED via /sys/class/leds/ACT"), io.bramble.core.wire.BoardState.Part.absent("not configured"),
                io.bramble.core.wire.BoardState.Part.present("Pi 5 fan connector (hwmon pwmfan)"), null, null, false, false, "kernel", 31, 2875);
        var r = tc.http.post("/api/v1/agent/heartbeat", cred, Map.of("sample", tc.sample(0.2, 51.0), "board", board));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode b = tc.http.get("/api/v1/nodes/pi-cmd", admin).json().path("board");
        assertThat(b.path("fanRpm").asInt()).isEqualTo(2875);
        assertThat(b.path("button").path("detail").asString()).contains("GPIO 17");
        assertThat(b.path("statusLeds").path("present").asBoolean()).isFalse();
        assertThat(tc.http.get("/metrics", admin).body()).containsPattern("(?m)^bramble_node_fan_rpm\\{node=\"pi-cmd\"[^}]*\\} 2875$");
    }

    private void press(long seq) {
        var r = tc.http.post("/api/v1/agent/events", cred,
                new EventBatch(List.of(new AgentEvent(seq, tc.clock.instant(), "locate.pressed", Map.of()))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private List<String> eventTypes() {
        List<String> out = new ArrayList<>();
        tc.http.get("/api/v1/nodes/pi-cmd/events", admin).json().path("events").forEach(e -> out.add(e.path("type").asString()));
        return out;
    }
}
