package io.bramble.balancer.proxy;

import static io.bramble.balancer.support.Balancers.base;
import static io.bramble.balancer.support.Balancers.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.bramble.balancer.Balancer;
import io.bramble.balancer.support.Balancers;
import io.bramble.balancer.support.RawHttp;
import io.bramble.balancer.support.TestBackend;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;

class ProxyTest {
    private TestBackend a, b;
    private Balancer bal;
    private final HttpClient http = Balancers.client();

    @BeforeEach
    void backends() throws Exception {
        a = new TestBackend("a");
        b = new TestBackend("b");
    }

    @AfterEach
    void stop() {
        if (bal != null) bal.close();
        a.close();
        b.close();
        http.close();
    }

    private Balancer start(String extra) throws Exception {
        bal = Balancers.start("""
                members:
                  - {name: a, url: %s}
                  - {name: b, url: %s}
                """.formatted(a.url(), b.url()) + extra);
        return bal;
    }

    private Map<String, Integer> spread(String path, int n) throws Exception {
        Map<String, Integer> c = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = get(http, base(bal) + path);
            c.merge(r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode(), 1, Integer::sum);
        }
        return c;
    }

    @Test
    void sharesRequestsEquallyAndReusesMemberConnections() throws Exception {
        start("");
        Map<String, Integer> c = spread("/", 200);
        assertThat(c).containsEntry("a", 100).containsEntry("b", 100);
        // keep-alive towards the members: 200 requests over a handful of connections
        assertThat(a.clientPorts.size() + b.clientPorts.size()).isLessThanOrEqualTo(8);
    }

    @Test
    void sharesRequestsOneToThreeOverTheRealProxy() throws Exception {
        bal = Balancers.start("""
                members:
                  - {name: a, url: %s, weight: 1}
                  - {name: b, url: %s, weight: 3}
                """.formatted(a.url(), b.url()));
        Map<String, Integer> c = spread("/", 200);
        assertThat(c).containsEntry("a", 50).containsEntry("b", 150);
    }

    @Test
    void addsForwardedHeadersAndRemovesHopByHopHeaders() throws Exception {
        start("");
        String answer = RawHttp.exchange(bal.address(), "GET /hdr HTTP/1.1\r\nHost: site.example\r\nConnection: close, X-Secret\r\n"
                + "X-Secret: 1\r\nKeep-Alive: 5\r\nProxy-Authorization: Basic eA==\r\nTE: trailers\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(body).contains("x-forwarded-for: 203.0.113.9, 127.0.0.1").contains("x-forwarded-proto: http")
                .contains("x-forwarded-host: site.example").contains("host: site.example");
        assertThat(body).doesNotContain("x-secret").doesNotContain("keep-alive: 5").doesNotContain("proxy-authorization").doesNotContain("te: trailers");
        assertThat(answer.toLowerCase()).contains("connection: close");
    }

    /** POSTs {@code size} random bytes to the backend's echo through the balancer and checks they come back unchanged. */
    private void assertEchoedIntact(int size, long seed) throws Exception {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base(bal) + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(MessageDigest.getInstance("SHA-256").digest(r.body())).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
    }

    @Test
    void streamsLargeBodiesBothWaysIntact() throws Exception {
        start("limits: {maxBodyBytes: 20000000}\n");
        assertEchoedIntact(8 * 1024 * 1024, 42);
        HttpResponse<InputStream> big = http.send(HttpRequest.newBuilder(URI.create(base(bal) + "/big?n=30000000")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long n;
        try (InputStream in = big.body()) {
            n = in.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(n).isEqualTo(30_000_000L);
    }

    @Test
    void refusesForwardProxyRequests() throws Exception {
        start("");
        assertThat(RawHttp.exchange(bal.address(), "GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("absolute-URI");
        assertThat(RawHttp.exchange(bal.address(), "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"))
                .startsWith("HTTP/1.1 405").contains("CONNECT is refused");
        assertThat(a.requests.get() + b.requests.get()).isZero();
    }

    @Test
    void refusesAmbiguousFramingThatCouldSmuggleARequest() throws Exception {
        start("");
        String smuggled = "GET /admin HTTP/1.1\r\nHost: x\r\n\r\n";
        assertThat(RawHttp.exchange(bal.address(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled))
                .startsWith("HTTP/1.1 400");
        assertThat(RawHttp.exchange(bal.address(), "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        assertThat(RawHttp.exchange(bal.address(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd"))
                .startsWith("HTTP/1.1 400");
        assertThat(RawHttp.exchange(bal.address(), "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        assertThat(RawHttp.exchange(bal.address(), "GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400").contains("Host");
        assertThat(RawHttp.exchange(bal.address(), "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(a.requests.get() + b.requests.get()).isZero();
    }

    @Test
    void refusesOversizedHeadersLinesAndBodies() throws Exception {
        start("limits: {maxHeaderBytes: 2048, maxInitialLineBytes: 512, maxBodyBytes: 1000}\n");
        assertThat(RawHttp.exchange(bal.address(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(4000) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431");
        assertThat(RawHttp.exchange(bal.address(), "GET /" + "p".repeat(1000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.1 414");
        assertThat(RawHttp.exchange(bal.address(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "z".repeat(5000)))
                .startsWith("HTTP/1.1 413");
        String chunk = Integer.toHexString(800) + "\r\n" + "z".repeat(800) + "\r\n";
        assertThat(RawHttp.exchange(bal.address(), "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n"))
                .startsWith("HTTP/1.1 413");
    }

    @Test
    void retriesAnIdempotentRequestOnAnotherMemberWhenOneIsDown() throws Exception {
        start("ejection: {consecutiveErrors: 0}\n");
        a.stop();
        Map<String, Integer> c = spread("/", 20);
        assertThat(c).containsOnlyKeys("b").containsEntry("b", 20);
        assertThat(bal.members().byName("a").retries()).isPositive();
        // a POST with a body is not retried: it answers 502 when it lands on the dead member
        int bad = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base(bal) + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString("x=1")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 502) bad++;
            else assertThat(r.body()).isEqualTo("b");
        }
        assertThat(bad).isEqualTo(3);
    }

    @Test
    void ejectsAMemberAfterConsecutiveErrorsAndReadmitsItAfterTheBackOff() throws Exception {
        start("ejection: {consecutiveErrors: 3, baseTime: 1s}\nslowStart: 0s\n");
        a.failStatus.set(503);
        b.failStatus.set(200);
        for (int i = 0; i < 6; i++) get(http, base(bal) + "/fail");
        assertThat(bal.members().byName("a").inError(System.currentTimeMillis())).isTrue();
        assertThat(bal.members().byName("a").whyOut(System.currentTimeMillis())).contains("3 consecutive errors").contains("HTTP 503");
        assertThat(spread("/", 10)).containsOnlyKeys("b");
        a.failStatus.set(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> spread("/", 4).containsKey("a"));
    }

    @Test
    void activeHealthChecksTakeAFailingMemberOutAndDrainOn404() throws Exception {
        start("healthCheck: {path: /health, interval: 100ms, rise: 2, fall: 2}\nslowStart: 0s\n");
        a.healthStatus.set(500);
        await().atMost(Duration.ofSeconds(5)).until(() -> bal.members().byName("a").checkDown());
        assertThat(spread("/", 10)).containsOnlyKeys("b");
        assertThat(bal.members().byName("a").whyOut(System.currentTimeMillis())).isEqualTo("health check failing: HTTP 500");
        a.healthStatus.set(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> !bal.members().byName("a").checkDown());
        b.healthStatus.set(404);
        await().atMost(Duration.ofSeconds(5)).until(() -> bal.members().byName("b").checkDrain());
        assertThat(spread("/", 10)).containsOnlyKeys("a");
        // a stopped member is not checked at all
        int checks = b.healthChecks.get();
        bal.members().byName("b").flag(io.bramble.balancer.member.MemberFlag.STOPPED, true, System.currentTimeMillis());
        Thread.sleep(400);
        assertThat(b.healthChecks.get()).isLessThanOrEqualTo(checks + 1);
    }

    @Test
    void stickyCookieKeepsAClientOnItsMemberEvenWhileDraining() throws Exception {
        start("sticky: {cookie: ROUTE}\n");
        HttpResponse<String> first = get(http, base(bal) + "/");
        String route = first.headers().firstValue("set-cookie").orElseThrow();
        assertThat(route).startsWith("ROUTE=" + first.body() + ";").contains("HttpOnly");
        String member = first.body();
        bal.members().byName(member).flag(io.bramble.balancer.member.MemberFlag.DRAIN, true, System.currentTimeMillis());
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base(bal) + "/")).header("Cookie", "x=1; ROUTE=" + member).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo(member);
            assertThat(r.headers().firstValue("set-cookie")).isEmpty();
        }
        assertThat(spread("/", 10)).doesNotContainKey(member);
    }

    @Test
    void answers503WhenEveryMemberIsStoppedAnd504WhenAMemberIsTooSlow() throws Exception {
        start("timeouts: {response: 300ms}\nretry: {attempts: 0}\n");
        HttpResponse<String> slow = get(http, base(bal) + "/slow?ms=2000");
        assertThat(slow.statusCode()).isEqualTo(504);
        long now = System.currentTimeMillis();
        bal.members().byName("a").flag(io.bramble.balancer.member.MemberFlag.STOPPED, true, now);
        bal.members().byName("b").flag(io.bramble.balancer.member.MemberFlag.STOPPED, true, now);
        HttpResponse<String> none = get(http, base(bal) + "/");
        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(none.body()).contains("no member");
    }

    @Test
    void keepsClientConnectionsAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
        start("");
        String answer = RawHttp.exchange(bal.address(), "GET /hdr HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer.split("HTTP/1.1 200", -1)).hasSize(4);
        assertThat(answer.indexOf("x-forwarded-for")).isLessThan(answer.lastIndexOf("HTTP/1.1 200"));
    }

    @Test
    void passesWebSocketUpgradesThroughAsRawBytes() throws Exception {
        try (ServerSocket ws = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (Socket s = ws.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
                    String h = head.toString().toLowerCase();
                    if (!h.contains("upgrade: websocket") || !h.contains("connection: upgrade")) return;
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    byte[] buf = new byte[5];
                    int n = in.readNBytes(buf, 0, 5);
                    out.write(("echo:" + new String(buf, 0, n, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    in.read();
                } catch (Exception ignored) {
                    // the test asserts on what the client saw
                }
            });
            bal = Balancers.start("members:\n  - {name: ws, url: http://127.0.0.1:" + ws.getLocalPort() + "}\n");
            try (Socket c = new Socket()) {
                c.connect(bal.address(), 2000);
                c.setSoTimeout(3000);
                // the first frame goes right behind the handshake, before the 101: it must reach the member too
                c.getOutputStream().write(("GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\nhello").getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = c.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
                assertThat(head.toString()).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: websocket");
                byte[] echo = in.readNBytes(10);
                assertThat(new String(echo, StandardCharsets.ISO_8859_1)).isEqualTo("echo:hello");
            }
            server.join(2000);
        }
    }

    @Test
    void reloadChangesWeightsWithoutDroppingOpenConnections() throws Exception {
        start("");
        try (Socket c = new Socket()) {
            c.connect(bal.address(), 2000);
            c.setSoTimeout(3000);
            c.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] first = new byte[200];
            assertThat(c.getInputStream().read(first)).isPositive();
            bal.apply(io.bramble.core.config.ConfigLoader.parse("r.yaml", """
                    listen: 127.0.0.1:0
                    threads: 2
                    members:
                      - {name: a, url: %s, weight: 1}
                      - {name: b, url: %s, weight: 3}
                    """.formatted(a.url(), b.url()), io.bramble.balancer.config.BalancerConfig.class));
            c.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] second = new byte[200];
            assertThat(new String(second, 0, c.getInputStream().read(second), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
        }
        assertThat(bal.members().byName("b").weight()).isEqualTo(3);
        assertThat(bal.address()).isInstanceOf(InetSocketAddress.class);
    }

    @Test
    void closesPooledMemberConnectionsIdleLongerThanTheUpstreamTimeout() throws Exception {
        start("timeouts: {upstreamIdle: 200ms}\nthreads: 1\n");
        spread("/", 2);
        assertThat(a.clientPorts).hasSize(1);
        spread("/", 2);
        assertThat(a.clientPorts).hasSize(1); // reused while fresh
        Thread.sleep(700);
        spread("/", 2);
        assertThat(a.clientPorts).hasSize(2); // the idle one was closed, a new one opened
    }

    @Test
    void answersHeadHttp10AndExpectContinueCorrectly() throws Exception {
        start("");
        String head = RawHttp.exchange(bal.address(), "HEAD /big?n=5000 HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200").doesNotContain("xxxxx");
        assertThat(head.split("HTTP/1.1 200", -1)).hasSize(3); // the HEAD answer had no body, the GET after it came through
        String v10 = RawHttp.exchange(bal.address(), "GET /echo HTTP/1.0\r\nHost: x\r\n\r\n");
        assertThat(v10).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close").doesNotContainIgnoringCase("transfer-encoding");
        String cont = RawHttp.exchange(bal.address(), "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
        assertThat(cont).startsWith("HTTP/1.1 100 Continue").contains("HTTP/1.1 200").endsWith("hello\r\n0\r\n\r\n");
    }

    @Test
    void passesAChunkedRequestBodyThroughToTheMember() throws Exception {
        start("");
        String answer = RawHttp.exchange(bal.address(), "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
        assertThat(dechunk(answer.substring(answer.indexOf("\r\n\r\n") + 4))).isEqualTo("hello, world");
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int p = 0;
        while (true) {
            int eol = body.indexOf("\r\n", p);
            int size = Integer.parseInt(body.substring(p, eol).split(";")[0], 16);
            if (size == 0) return out.toString();
            out.append(body, eol + 2, eol + 2 + size);
            p = eol + 2 + size + 2;
        }
    }

    /** A member that answers every request with {@code answer} and then closes the connection. */
    private static Thread scripted(ServerSocket ss, String answer) {
        return Thread.ofVirtual().start(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    int c;
                    while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0) head.append((char) c);
                    s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                } catch (Exception e) {
                    // closed by the test
                }
            }
        });
    }

    @Test
    void chunksABodyThatEndsAtCloseForHttp11AndClosesForHttp10() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            scripted(ss, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nuntil the end");
            bal = Balancers.start("members:\n  - {name: raw, url: http://127.0.0.1:" + ss.getLocalPort() + "}\n");
            String v11 = RawHttp.exchange(bal.address(), "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(v11).startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .contains("d\r\nuntil the end\r\n0\r\n\r\nHTTP/1.1 200 OK"); // the client connection stayed open for the second
            String v10 = RawHttp.exchange(bal.address(), "GET / HTTP/1.0\r\n\r\n");
            assertThat(v10).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nuntil the end");
        }
    }

    @Test
    void passesEarlyHintsOnAndAnswers502ForAResponseThatIsNotHttp() throws Exception {
        try (ServerSocket hints = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
             ServerSocket junk = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            scripted(hints, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            scripted(junk, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!");
            bal = Balancers.start("members:\n  - {name: hints, url: http://127.0.0.1:" + hints.getLocalPort() + "}\n");
            String a = RawHttp.exchange(bal.address(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(a).isEqualTo("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            bal.close();
            bal = Balancers.start("members:\n  - {name: junk, url: http://127.0.0.1:" + junk.getLocalPort() + "}\n");
            // a POST is not retried, so the answer names what the member did wrong
            String b = RawHttp.exchange(bal.address(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertThat(b).startsWith("HTTP/1.1 502").contains("conflicting Content-Length").doesNotContain("ok!");
        }
    }

    // ---- every event-loop transport: `auto` takes io_uring where the kernel allows it, so the tests above no longer
    // cover epoll (what a machine without io_uring runs) or NIO (anything else)

    private static void assumeAvailable(String transport) {
        // CI runs on Linux with io_uring enabled: there nothing is skipped
        if (transport.equals("io_uring"))
            Assumptions.assumeTrue(IoUring.isAvailable(), () -> "io_uring is not available here: " + IoUring.unavailabilityCause());
        if (transport.equals("epoll"))
            Assumptions.assumeTrue(Epoll.isAvailable(), () -> "epoll is not available here: " + Epoll.unavailabilityCause());
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void proxiesSpreadsStreamsAndPipelinesOn(String transport) throws Exception {
        assumeAvailable(transport);
        start("transport: %s\nlimits: {maxBodyBytes: 20000000}\n".formatted(transport));
        assertThat(bal.proxy().transport().name()).isEqualTo(transport);

        assertThat(spread("/", 100)).containsEntry("a", 50).containsEntry("b", 50);

        assertEchoedIntact(4 * 1024 * 1024, 7);

        String answer = RawHttp.exchange(bal.address(),
                "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer.split("HTTP/1.1 200", -1)).hasSize(4);
    }

    @Test
    void aTransportThatIsNotOneIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> Transport.choose("kqueue")).hasMessage("transport 'kqueue' is not one of [auto, io_uring, epoll, nio]");
        assertThatThrownBy(() -> start("transport: kqueue\n"))
                .hasMessageContaining("transport").hasMessageContaining("'kqueue' is not a transport; use one of [auto, io_uring, epoll, nio]");
    }

    @Test
    void autoTakesIoUringWhereTheKernelAllowsIt() {
        Transport t = Transport.choose("auto");
        if (IoUring.isAvailable()) assertThat(t.name()).isEqualTo("io_uring");
        else if (Epoll.isAvailable()) assertThat(t.name()).isEqualTo("epoll");
        else assertThat(t.name()).isEqualTo("nio");
    }
}
