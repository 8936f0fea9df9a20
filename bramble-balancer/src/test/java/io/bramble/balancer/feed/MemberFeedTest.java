package io.bramble.balancer.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.bramble.balancer.Balancer;
import io.bramble.balancer.support.Balancers;
import io.bramble.balancer.support.TestBackend;

/** The balancer against a fake center on loopback that speaks the member-feed contract. */
class MemberFeedTest {
    private TestBackend a, b;
    private HttpServer center;
    private Balancer bal;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final AtomicReference<String> json = new AtomicReference<>();
    private final AtomicReference<String> seenAuth = new AtomicReference<>();
    private final HttpClient http = Balancers.client();

    @BeforeEach
    void setUp() throws Exception {
        a = new TestBackend("a");
        b = new TestBackend("b");
        center = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        center.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        center.createContext("/api/v1/balancer/web/members", ex -> {
            seenAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
            if (!"Bearer feed-token".equals(seenAuth.get())) {
                ex.sendResponseHeaders(401, -1);
                ex.close();
                return;
            }
            if (json.get() != null) {
                byte[] body = json.get().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            try {
                while (true) {
                    String data = events.poll(200, TimeUnit.MILLISECONDS);
                    String frame = data == null ? ": keep-alive\n\n" : "event: members\ndata: " + data + "\n\n";
                    out.write(frame.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (Exception e) {
                ex.close();
            }
        });
        center.start();
    }

    @AfterEach
    void tearDown() {
        if (bal != null) bal.close();
        center.stop(0);
        a.close();
        b.close();
        http.close();
    }

    private String members(String... entries) {
        return "{\"balancer\":\"web\",\"members\":[" + String.join(",", entries) + "]}";
    }

    private String entry(String node, TestBackend be, String health) {
        return "{\"node\":\"" + node + "\",\"url\":\"" + be.url() + "\",\"health\":\"" + health
                + "\",\"load1\":0.52,\"cpus\":4,\"tempCelsius\":48.2,\"throttled\":false,\"weight\":1}";
    }

    private void startBalancer() throws Exception {
        bal = Balancers.start("""
                name: web
                slowStart: 0s
                center:
                  url: http://127.0.0.1:%d
                  token: feed-token
                  pollInterval: 200ms
                  retryMax: 500ms
                """.formatted(center.getAddress().getPort()));
    }

    private Set<String> served(int n) throws Exception {
        Set<String> s = new HashSet<>();
        for (int i = 0; i < n; i++) {
            var r = Balancers.get(http, Balancers.base(bal) + "/");
            s.add(r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode());
        }
        return s;
    }

    @Test
    void followsTheCentersStreamLiveAndKeepsTheLastListWhenTheCenterIsAway() throws Exception {
        startBalancer();
        assertThat(served(2)).containsExactly("HTTP 503");
        events.add(members(entry("node01", a, "up")));
        await().atMost(Duration.ofSeconds(5)).until(() -> bal.members().members().size() == 1);
        assertThat(seenAuth.get()).isEqualTo("Bearer feed-token");
        assertThat(served(4)).containsExactly("a");
        assertThat(bal.members().byName("node01").report().load1()).isEqualTo(0.52);

        events.add(members(entry("node01", a, "up"), entry("node02", b, "up")));
        await().atMost(Duration.ofSeconds(5)).until(() -> bal.members().members().size() == 2);
        assertThat(served(6)).containsExactlyInAnyOrder("a", "b");

        events.add(members(entry("node01", a, "down"), entry("node02", b, "up")));
        await().atMost(Duration.ofSeconds(5)).until(() -> bal.members().byName("node01").report().healthOut());
        assertThat(served(6)).containsExactly("b");
        assertThat(bal.feed().state()).isEqualTo("streaming");

        center.stop(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> !bal.feed().state().equals("streaming"));
        assertThat(bal.members().members()).hasSize(2);
        assertThat(served(4)).containsExactly("b");
    }

    @Test
    void pollsWhenTheCenterAnswersPlainJson() throws Exception {
        json.set(members(entry("node01", a, "up"), entry("node02", b, "degraded")));
        startBalancer();
        await().atMost(Duration.ofSeconds(5)).until(() -> bal.members().members().size() == 2);
        assertThat(served(6)).containsExactlyInAnyOrder("a", "b");
        json.set(members(entry("node02", b, "up")));
        await().atMost(Duration.ofSeconds(5)).until(() -> bal.members().members().size() == 1);
        assertThat(bal.feed().state()).isEqualTo("polling");
        assertThat(served(3)).containsExactly("b");
    }

    @Test
    void ignoresAListForAnotherBalancerOrOneItCannotRead() throws Exception {
        startBalancer();
        events.add(members(entry("node01", a, "up")));
        await().atMost(Duration.ofSeconds(5)).until(() -> bal.members().members().size() == 1);
        events.add("{\"balancer\":\"other\",\"members\":[]}");
        events.add("{not json");
        await().atMost(Duration.ofSeconds(5)).until(() -> bal.feed().lastError().contains("unreadable"));
        assertThat(bal.members().members()).hasSize(1);
        assertThat(served(2)).containsExactly("a");
    }
}
