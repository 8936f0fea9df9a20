package io.bramble.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

class RequestDecoderTest {

    private static List<Object> feed(RequestDecoder d, String... parts) {
        EmbeddedChannel ch = new EmbeddedChannel(d);
        for (String p : parts) ch.writeInbound(Unpooled.copiedBuffer(p, StandardCharsets.ISO_8859_1));
        List<Object> items = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) {
            if (m instanceof ByteBuf b) {
                items.add(b.toString(StandardCharsets.ISO_8859_1));
                b.release();
            } else {
                items.add(m);
            }
        }
        ch.finishAndReleaseAll();
        return items;
    }

    private static List<Object> feed(String... parts) {
        return feed(new RequestDecoder(1024, 4096, 10_000), parts);
    }

    private static RequestHead head(String request) {
        List<Object> items = feed(request);
        assertThat(items.get(0)).isInstanceOf(RequestHead.class);
        return (RequestHead) items.get(0);
    }

    private static RequestDecoder.Refusal refusal(String request) {
        List<Object> items = feed(request);
        assertThat(items).hasSize(1);
        assertThat(items.get(0)).isInstanceOf(RequestDecoder.Refusal.class);
        return (RequestDecoder.Refusal) items.get(0);
    }

    private static String forMember(RequestHead h) {
        ByteBuf out = Unpooled.buffer();
        h.writeTo(out, "10.0.0.7", "https", "worker-1:8080");
        String s = out.toString(StandardCharsets.ISO_8859_1);
        out.release();
        return s;
    }

    @Test
    void forwardsTheClientsOwnLinesWithoutHopByHopOnesAndAddsForwardedHeaders() {
        RequestHead h = head("GET /a?b=1 HTTP/1.1\r\nHost: site.example\r\nUser-Agent: t\r\nConnection: keep-alive, X-Secret\r\n"
                + "X-Secret: 1\r\nKeep-Alive: 5\r\nTE: trailers\r\nProxy-Authorization: x\r\nUpgrade: h2c\r\n"
                + "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: ftp\r\nX-Forwarded-Host: evil\r\nAccept: */*\r\n\r\n");
        assertThat(h.keepAlive).isTrue();
        assertThat(h.hasBody).isFalse();
        assertThat(h.idempotent).isTrue();
        assertThat(forMember(h)).isEqualTo("GET /a?b=1 HTTP/1.1\r\nHost: site.example\r\nUser-Agent: t\r\nAccept: */*\r\n"
                + "X-Forwarded-For: 203.0.113.9, 10.0.0.7\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: site.example\r\n\r\n");
    }

    @Test
    void sendsHttp10RequestsAsHttp11WithAHostAndKeepsAliveOnlyWhenAsked() {
        RequestHead h = head("GET / HTTP/1.0\r\n\r\n");
        assertThat(h.http11).isFalse();
        assertThat(h.keepAlive).isFalse();
        assertThat(forMember(h)).startsWith("GET / HTTP/1.1\r\nHost: worker-1:8080\r\nX-Forwarded-For: 10.0.0.7\r\n");
        assertThat(head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive).isTrue();
        assertThat(head("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").keepAlive).isFalse();
    }

    @Test
    void passesBodiesOnAsRawBytesAndEndsThem() {
        List<Object> fixed = feed("POST /f HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhel", "lo");
        assertThat(fixed).hasSize(4).endsWith(RequestDecoder.END);
        assertThat(fixed.subList(1, 3)).containsExactly("hel", "lo");
        assertThat(((RequestHead) fixed.get(0)).idempotent).isFalse();

        String chunks = "3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n";
        List<Object> chunked = feed(("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n" + chunks).split(""));
        assertThat(((RequestHead) chunked.get(0)).chunked).isTrue();
        StringBuilder body = new StringBuilder();
        for (Object o : chunked) if (o instanceof String s) body.append(s);
        assertThat(body.toString()).isEqualTo(chunks);
        assertThat(chunked).endsWith(RequestDecoder.END);
        assertThat(forMember((RequestHead) chunked.get(0))).contains("Transfer-Encoding: Chunked\r\n");
    }

    @Test
    void readsPipelinedRequestsOneAfterAnother() {
        List<Object> items = feed("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nokGET /3 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(items).hasSize(5);
        assertThat(items.get(0).toString()).isEqualTo("GET /1");
        assertThat(items.get(1).toString()).isEqualTo("POST /2");
        assertThat(items.get(2)).isEqualTo("ok");
        assertThat(items.get(3)).isEqualTo(RequestDecoder.END);
        assertThat(items.get(4).toString()).isEqualTo("GET /3");
    }

    @Test
    void refusesForwardProxyUse() {
        assertThat(refusal("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n").reason()).contains("absolute-URI");
        assertThat(refusal("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n").status()).isEqualTo(405);
        assertThat(refusal("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(400);
    }

    @Test
    void refusesAmbiguousFraming() {
        assertThat(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n").reason())
                .contains("both Content-Length and Transfer-Encoding");
        assertThat(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n").reason()).contains("more than one");
        assertThat(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\n").reason()).contains("invalid Content-Length");
        assertThat(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\n").reason()).contains("invalid Content-Length");
        assertThat(refusal("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").reason()).contains("only Transfer-Encoding: chunked");
        assertThat(refusal("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n").status()).isEqualTo(400);
        assertThat(refusal("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n").reason()).contains("malformed header line");
        List<Object> badChunk = feed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n");
        assertThat(badChunk.get(1)).isInstanceOf(RequestDecoder.Refusal.class);
    }

    @Test
    void refusesObsoleteLineFoldingMalformedHeadsAndBadHosts() {
        assertThat(refusal("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n").reason()).contains("obs-fold");
        assertThat(refusal("GET / HTTP/1.1\r\n\r\n").reason()).contains("missing Host");
        assertThat(refusal("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").reason()).contains("more than one Host");
        assertThat(refusal("GET / HTTP/1.1\r\nHost: a b\r\n\r\n").reason()).contains("invalid Host");
        assertThat(refusal("GET / HTTP/1.1\r\nHost: a,b\r\n\r\n").reason()).contains("invalid Host");
        assertThat(refusal("GET / HTTP/2.0\r\nHost: a\r\n\r\n").reason()).contains("HTTP version");
        assertThat(refusal("GET  / HTTP/1.1\r\nHost: a\r\n\r\n").reason()).contains("request line");
        assertThat(refusal("GET /\u0001 HTTP/1.1\r\nHost: a\r\n\r\n").reason()).contains("control character");
        assertThat(refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\rX-B: 2\r\n\r\n").reason()).contains("bare CR");
        assertThat(refusal("GET / HTTP/1.1\r\nHost: a\r\nX-A: \u0000\r\n\r\n").reason()).contains("control character");
        assertThat(refusal("G@T / HTTP/1.1\r\nHost: a\r\n\r\n").reason()).contains("request line");
    }

    @Test
    void refusesOversizedLinesHeadersAndDeclaredBodies() {
        RequestDecoder small = new RequestDecoder(64, 1024, 100);
        assertThat(((RequestDecoder.Refusal) feed(small, "GET /" + "a".repeat(100)).get(0)).status()).isEqualTo(414);
        small = new RequestDecoder(64, 1024, 100);
        assertThat(((RequestDecoder.Refusal) feed(small, "GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(2000)).get(0)).status()).isEqualTo(431);
        small = new RequestDecoder(64, 1024, 100);
        assertThat(((RequestDecoder.Refusal) feed(small, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n").get(0)).status()).isEqualTo(413);
        // nothing after a refusal is read
        small = new RequestDecoder(64, 1024, 100);
        assertThat(feed(small, "GET http://x/ HTTP/1.1\r\nHost: a\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\n\r\n")).hasSize(1);
    }

    @Test
    void answersExpectContinueItselfAndRecognisesWebSocketUpgrades() {
        RequestHead expect = head("PUT /u HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n");
        assertThat(expect.expectContinue).isTrue();
        assertThat(forMember(expect)).doesNotContainIgnoringCase("expect");

        RequestHead ws = head("GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: k\r\n\r\n");
        assertThat(ws.websocket).isTrue();
        assertThat(forMember(ws)).contains("Upgrade: websocket\r\n").contains("Connection: Upgrade\r\n").contains("Sec-WebSocket-Key: k\r\n");
        // Upgrade without Connection: upgrade is not a handshake, and the Upgrade header goes
        RequestHead notWs = head("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n");
        assertThat(notWs.websocket).isFalse();
        assertThat(forMember(notWs)).doesNotContain("Upgrade");
    }

    @Test
    void stopsReadingAfterAnUpgradeRequestUntilResumed() {
        List<Object> items = feed("GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0005hello");
        assertThat(items).hasSize(1); // the frame bytes wait: they belong to the member once it switches
    }

    @Test
    void findsTheStickyCookieAmongOthers() {
        RequestHead h = head("GET / HTTP/1.1\r\nHost: x\r\nCookie: a=1; ROUTE=\"w2\"\r\nCookie: b=2\r\n\r\n");
        assertThat(h.cookie("ROUTE")).isEqualTo("w2");
        assertThat(h.cookie("b")).isEqualTo("2");
        assertThat(h.cookie("c")).isNull();
    }
}
