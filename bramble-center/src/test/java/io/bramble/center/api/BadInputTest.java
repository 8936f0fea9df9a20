package io.bramble.center.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import io.bramble.center.TestCenter;

/** Every kind of bad request gets a 4xx with the JSON error naming the problem, and nothing is stored. */
class BadInputTest {
    @TempDir static Path dir;
    static TestCenter tc;
    static String admin, credential;

    @BeforeAll
    static void start() {
        tc = new TestCenter(dir);
        admin = tc.adminToken();
        credential = tc.enroll("10000000bbbb0001", "pi-bad");
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    private static int eventCount() {
        return tc.center.events().recent(null, null, 1000).size();
    }

    @Test
    void malformedJsonIsRefusedWithWhere() {
        int before = eventCount();
        var r = tc.http.postRaw("/api/v1/agent/heartbeat", credential, "application/json", "{\"sample\": {\"at\": ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("bad_json");
        assertThat(r.errorMessage()).contains("line 1");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void unknownFieldIsNamed() {
        var r = tc.http.postRaw("/api/v1/agent/heartbeat", credential, "application/json",
                "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"laod1\":1.0}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("unknown_field");
        assertThat(r.errorMessage()).contains("sample.laod1").contains("load1");
        assertThat(tc.center.nodes().byName("pi-bad").orElseThrow().lastSample()).isNull();
    }

    @Test
    void wrongContentTypeIsRefused() {
        var r = tc.http.postRaw("/api/v1/agent/heartbeat", credential, "text/plain", "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\"}}");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.errorCode()).isEqualTo("unsupported_media_type");
    }

    @Test
    void wrongTypeIsRefused() {
        var r = tc.http.postRaw("/api/v1/agent/heartbeat", credential, "application/json", "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"load1\":\"high\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("load1");
    }

    @Test
    void oversizedBodyIsRefused() {
        String huge = "{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"filesystems\":[" + "{\"mount\":\"/x\",\"device\":\"d\",\"type\":\"ext4\",\"totalBytes\":1,\"usedBytes\":1},".repeat(30_000)
                + "{\"mount\":\"/y\",\"device\":\"d\",\"type\":\"ext4\",\"totalBytes\":1,\"usedBytes\":1}]}}";
        assertThat(huge.length()).isGreaterThan(1_048_576);
        var r = tc.http.postRaw("/api/v1/agent/heartbeat", credential, "application/json", huge);
        assertThat(r.status()).isEqualTo(413);
        assertThat(tc.center.nodes().byName("pi-bad").orElseThrow().lastSample()).isNull();
    }

    @Test
    void invalidNodeNameIsRefused() {
        var r = tc.http.get("/api/v1/nodes/Bad_Name!", admin);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_name");
        assertThat(tc.http.get("/api/v1/nodes/no-such-node", admin).status()).isEqualTo(404);
    }

    @Test
    void invalidEditsChangeNothing() {
        var badName = tc.http.patch("/api/v1/nodes/pi-bad", admin, Map.of("name", "Not A Name"));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.errorMessage()).contains("name");
        var badSlot = tc.http.patch("/api/v1/nodes/pi-bad", admin, Map.of("labels", Map.of("a", "b"),
                "location", Map.of("rack", "rack1", "row", 1, "slot", 99)));
        assertThat(badSlot.status()).isEqualTo(400);
        assertThat(badSlot.errorMessage()).contains("slot");
        var badRack = tc.http.patch("/api/v1/nodes/pi-bad", admin, Map.of("location", Map.of("rack", "nope", "row", 1, "slot", 1)));
        assertThat(badRack.status()).isEqualTo(400);
        assertThat(badRack.errorMessage()).contains("no rack named nope");
        var half = tc.http.patch("/api/v1/nodes/pi-bad", admin, Map.of("location", Map.of("rack", "rack1")));
        assertThat(half.status()).isEqualTo(400);
        var n = tc.center.nodes().byName("pi-bad").orElseThrow();
        assertThat(n.labels()).isEmpty();
        assertThat(n.location().placed()).isFalse();
    }

    @Test
    void reusedJoinTokenIsRefused() {
        String join = tc.joinToken(1);
        var first = tc.http.post("/api/v1/agent/enroll", null, Map.of("joinToken", join, "facts", TestCenter.facts("10000000bbbb0002", "pi-first")));
        assertThat(first.status()).isEqualTo(201);
        var second = tc.http.post("/api/v1/agent/enroll", null, Map.of("joinToken", join, "facts", TestCenter.facts("10000000bbbb0003", "pi-second")));
        assertThat(second.status()).isEqualTo(401);
        assertThat(second.errorCode()).isEqualTo("bad_join_token");
        assertThat(second.errorMessage()).contains("used up");
        assertThat(tc.center.nodes().byName("pi-second")).isEmpty();
    }

    @Test
    void heartbeatFromUnknownNodeIsRefused() {
        var r = tc.heartbeat("bn_abcdefghijkm.secret", tc.sample(1.0, 40.0));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorMessage()).contains("enroll again");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        var r = tc.http.postRaw("/api/v1/agent/heartbeat", credential, "application/json", "{\"sample\":{\"load1\":1}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("sample.at");
    }

    @Test
    void wrongPasswordIsRefusedAlike() {
        var wrongPw = tc.http.post("/api/v1/session", null, Map.of("username", "admin", "password", "nope-nope"));
        var wrongUser = tc.http.post("/api/v1/session", null, Map.of("username", "nobody", "password", "nope-nope"));
        assertThat(wrongPw.status()).isEqualTo(401);
        assertThat(wrongUser.status()).isEqualTo(401);
        assertThat(wrongPw.errorMessage()).isEqualTo(wrongUser.errorMessage());
    }

    @Test
    void unknownEndpointIsAJsonError() {
        var r = tc.http.get("/api/v1/nope", admin);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("not_found");
    }

    @Test
    void badSampleRangeIsRefused() {
        assertThat(tc.http.get("/api/v1/nodes/pi-bad/samples?from=yesterday", admin).status()).isEqualTo(400);
        assertThat(tc.http.get("/api/v1/nodes/pi-bad/samples?resolution=5m", admin).status()).isEqualTo(400);
    }

}
