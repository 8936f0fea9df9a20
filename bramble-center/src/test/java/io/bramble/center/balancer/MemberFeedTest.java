package io.bramble.center.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.TestCenter;
import io.bramble.core.json.Json;

/** The member list a balancer follows: nodes with the balancer's role, their health and load, live over SSE. */
class MemberFeedTest {
    @Test
    void listsNodesWithTheRoleAndStreamsChanges(@TempDir Path dir) throws Exception {
        try (TestCenter tc = new TestCenter(dir, "balancers:\n  web: {role: web, port: 8081}\n")) {
            String admin = tc.token("admin");
            String viewer = tc.token("viewer");
            String c1 = tc.enroll("10000000ffff0001", "web1");
            tc.enroll("10000000ffff0002", "db1");
            tc.heartbeat(c1, tc.sample(0.75, 48.0));
            tc.http.patch("/api/v1/nodes/web1", admin, Map.of("roles", List.of("web")));
            tc.http.patch("/api/v1/nodes/db1", admin, Map.of("roles", List.of("db")));

            var list = tc.http.get("/api/v1/balancer/web/members", viewer).json();
            assertThat(list.path("balancer").asString()).isEqualTo("web");
            assertThat(list.path("members").size()).isEqualTo(1);
            var m = list.path("members").get(0);
            assertThat(m.path("node").asString()).isEqualTo("web1");
            assertThat(m.path("url").asString()).isEqualTo("http://127.0.0.1:8081");
            assertThat(m.path("health").asString()).isEqualTo("up");
            assertThat(m.path("load1").asDouble()).isEqualTo(0.75);
            assertThat(tc.http.get("/api/v1/balancer/nope/members", viewer).status()).isEqualTo(404);

            // the stream sends the list at once, then again when a node joins the role
            List<String> events = new CopyOnWriteArrayList<>();
            HttpRequest req = HttpRequest.newBuilder(URI.create(tc.center.url() + "/api/v1/balancer/web/members"))
                    .header("Authorization", "Bearer " + viewer).header("Accept", "text/event-stream").build();
            var response = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            Thread reader = Thread.ofVirtual().start(() -> {
                try (var in = new BufferedReader(new InputStreamReader(response.body()))) {
                    String line;
                    while ((line = in.readLine()) != null) if (line.startsWith("data: ")) events.add(line.substring(6));
                } catch (Exception ignored) {
                    // the center closed the stream at the end of the test
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 1);
            assertThat(Json.mapper().readTree(events.get(0)).path("members").size()).isEqualTo(1);
            tc.http.patch("/api/v1/nodes/db1", admin, Map.of("roles", List.of("db", "web")));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                    .anyMatch(e -> Json.mapper().readTree(e).path("members").size() == 2));
            reader.interrupt();
        }
    }
}
