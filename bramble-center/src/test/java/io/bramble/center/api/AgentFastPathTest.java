package io.bramble.center.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.Http;
import io.bramble.center.TestCenter;
import io.bramble.core.json.Json;

/** Heartbeats bypass Javalin: the lean handler answers like the rest of the API, and leaves other requests alone. */
class AgentFastPathTest {
    @TempDir static Path dir;
    static TestCenter tc;
    static String credential;

    @BeforeAll
    static void start() {
        tc = new TestCenter(dir);
        credential = tc.enroll("10000000cccc0001", "pi-fast");
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    @Test
    void aHeartbeatIsStoredAndAnsweredWithTheDesiredState() {
        var r = tc.heartbeat(credential, tc.sample(2.5, 45.0));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.json().path("health").asString()).isEqualTo("up");
        assertThat(r.json().path("heartbeatSeconds").asInt()).isEqualTo(5);
        assertThat(tc.center.nodes().byName("pi-fast").orElseThrow().lastSample().load1()).isEqualTo(2.5);
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWithTheJsonError() throws Exception {
        byte[] huge = ("{\"sample\":{\"at\":\"2026-11-23T10:00:00Z\",\"load1\":1" + " ".repeat(1_100_000) + "}}").getBytes(StandardCharsets.UTF_8);
        // an InputStream body has no Content-Length, so the limit is found while reading
        var req = HttpRequest.newBuilder(URI.create(tc.center.url() + "/api/v1/agent/heartbeat"))
                .header("Authorization", "Bearer " + credential).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build();
        HttpResponse<String> r;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            r = client.send(req, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Json.mapper().readTree(r.body()).path("error").path("code").asString()).isEqualTo("too_large");
    }

    @Test
    void theRouteIsListedForAgentsAndOtherMethodsStillReachJavalin() {
        assertThat(tc.center.api().routes()).contains(new Route("POST", "/api/v1/agent/heartbeat", Access.AGENT));
        Http.Response get = tc.http.send("GET", "/api/v1/agent/heartbeat", credential, null, null, Map.of());
        assertThat(get.status()).isBetween(404, 405);
        assertThat(get.errorCode()).isIn("not_found", "method_not_allowed");
    }
}
