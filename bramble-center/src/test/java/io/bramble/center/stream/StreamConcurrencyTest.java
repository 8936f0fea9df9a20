package io.bramble.center.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.TestCenter;
import io.bramble.core.json.Json;

/**
 * Node changes and events reach the live stream from different threads (heartbeats, the event listeners' thread):
 * every message must still arrive whole. A message cut by another one is lost, or breaks the stream.
 */
class StreamConcurrencyTest {
    @TempDir Path dir;

    @Test
    @Timeout(60) // a message lost to an interleaved write leaves the reader waiting for it
    void messagesSentFromSeveralThreadsAtOnceArriveWhole() throws Exception {
        try (TestCenter tc = new TestCenter(dir)) {
            String admin = tc.adminToken();
            tc.enroll("10000000eeee0001", "pi-stream");
            String id = tc.center.nodes().byName("pi-stream").orElseThrow().id();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<java.util.stream.Stream<String>> stream = client.send(HttpRequest.newBuilder(URI.create(tc.center.url() + "/api/v1/stream"))
                    .header("Authorization", "Bearer " + admin).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            Iterator<String> lines = stream.body().iterator();
            while (!lines.next().startsWith(":")) { /* up to the "connected" comment: the client is registered */ }

            int threads = 4, perThread = 250;
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < perThread; i++)
                        tc.center.events().append(id, "pi-stream", "test.burst", "test", Map.of("thread", thread, "i", i));
                });
            }
            pool.submit(() -> {
                for (int i = 0; i < 100; i++) tc.center.nodes().heartbeat(id, tc.sample(0.5, 40.0), "10.0.0.5");
            });

            int bursts = 0, nodes = 0;
            String event = null;
            while (bursts < threads * perThread) {
                String line = lines.next();
                if (line.startsWith("event:")) event = line.substring(6).strip();
                else if (line.startsWith("data:")) {
                    var json = Json.mapper().readTree(line.substring(5)); // a cut message is not JSON
                    if ("event".equals(event) && json.path("type").asString().equals("test.burst")) bursts++;
                    if ("node".equals(event)) nodes++;
                    event = null;
                }
            }
            pool.shutdownNow();
            assertThat(bursts).isEqualTo(threads * perThread);
            assertThat(nodes).isPositive();
        }
    }
}
