package io.bramble.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.bramble.balancer.Balancer;
import io.bramble.balancer.config.BalancerConfig;
import io.bramble.center.Center;
import io.bramble.center.auth.Principal;
import io.bramble.center.auth.Role;
import io.bramble.center.config.CenterConfig;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.core.config.ConfigLoader;
import io.bramble.core.wire.EnrollRequest;
import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;

/** {@code bramble balancer} following a running center: a node given the web role starts taking requests. */
class BalancerFollowsCenterTest {
    @Test
    void aNodeGivenTheWebRoleJoinsTheBalancer(@TempDir Path dir) throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", ex -> {
            byte[] body = "served by the worker Pi".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        backend.start();
        int port = backend.getAddress().getPort();
        CenterConfig cfg = ConfigLoader.parse("t", "http:\n  port: 0\ndataDir: \"" + dir.resolve("data") + "\"\nauth:\n  passwordIterations: 10000\n"
                + "balancers:\n  web: {role: web, port: " + port + "}\n", CenterConfig.class);
        Principal admin = new Principal(Principal.Kind.USER, "test", Role.ADMIN, null, null);
        try (Center center = Center.start(cfg, Clock.systemUTC(), "balancer-test-pw", new PrintStream(new ByteArrayOutputStream()))) {
            String join = center.auth().createJoinToken("test", "t", 1, null).token();
            NodeFacts facts = new NodeFacts("10000000abab0001", List.of(), "worker1", "Raspberry Pi 4 Model B Rev 1.4", "c03114", null,
                    null, null, null, null, "test", false);
            var enrolled = center.nodes().enroll(new EnrollRequest(join, facts), "127.0.0.1");
            center.nodes().heartbeat(enrolled.nodeId(), new Sample(Instant.now(), 0.3, 0.3, 0.3, null, null, null, null, null, List.of(),
                    null, null, null, 45.0, null), "127.0.0.1");
            String token = center.auth().createApiToken(admin, "balancer", Role.VIEWER, null).token();

            BalancerConfig bc = ConfigLoader.parse("balancer.yaml", "name: web\nlisten: 127.0.0.1:0\n"
                    + "center:\n  url: \"" + center.url() + "\"\n  token: \"" + token + "\"\n", BalancerConfig.class);
            Balancer balancer = new Balancer(bc, null, Clock.systemUTC());
            balancer.start();
            try {
                URI front = URI.create("http://127.0.0.1:" + balancer.address().getPort() + "/");
                HttpClient client = HttpClient.newHttpClient();
                // no node has the role yet: nothing to serve
                assertThat(client.send(HttpRequest.newBuilder(front).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
                center.nodes().edit("worker1", new NodeRegistry.Edit(null, List.of("web"), null, null), admin);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                        client.send(HttpRequest.newBuilder(front).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
                var r = client.send(HttpRequest.newBuilder(front).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.body()).isEqualTo("served by the worker Pi");
            } finally {
                balancer.close();
            }
        } finally {
            backend.stop(0);
        }
    }
}
