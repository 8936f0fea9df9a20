package io.bramble.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

class ResponseDecoderTest {

    /** What the decoder emitted, in order: heads, body text, END/END_UNCLEAN, failures. */
    private record Out(List<Object> items) {
        ResponseHead head() {
            return (ResponseHead) items.stream().filter(ResponseHead.class::isInstance).findFirst().orElseThrow();
        }

        String body() {
            StringBuilder sb = new StringBuilder();
            for (Object o : items) if (o instanceof String s) sb.append(s);
            return sb.toString();
        }

        boolean ended() {
            return items.contains(ResponseDecoder.END) || items.contains(ResponseDecoder.END_UNCLEAN);
        }

        String failure() {
            for (Object o : items) if (o instanceof ResponseDecoder.Failure f) return f.reason();
            return null;
        }
    }

    private static Out feed(ResponseDecoder d, boolean close, String... parts) {
        EmbeddedChannel ch = new EmbeddedChannel(d);
        for (String p : parts) ch.writeInbound(Unpooled.copiedBuffer(p, StandardCharsets.ISO_8859_1));
        if (close) ch.finish();
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
        return new Out(items);
    }

    private static Out feed(String... parts) {
        return feed(new ResponseDecoder(8192), false, parts);
    }

    private static String written(ResponseHead h, boolean keepTransferEncoding) {
        ByteBuf out = Unpooled.buffer();
        h.writeTo(out, false, keepTransferEncoding);
        String s = out.toString(StandardCharsets.ISO_8859_1);
        out.release();
        return s;
    }

    @Test
    void passesTheMembersOwnHeaderLinesOnWithoutHopByHopOnes() {
        Out o = feed("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: 5\r\n"
                + "Connection: keep-alive, X-Private\r\nKeep-Alive: timeout=5\r\nX-Private: secret\r\nProxy-Connection: x\r\n"
                + "TE: trailers\r\nTrailer: X\r\nUpgrade: h2c\r\nETag: \"abc\"\r\n\r\nhello");
        ResponseHead h = o.head();
        assertThat(h.status).isEqualTo(200);
        assertThat(h.keepAlive).isTrue();
        assertThat(h.contentLength).isEqualTo(5);
        assertThat(written(h, true)).isEqualTo("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: 5\r\nETag: \"abc\"\r\n");
        assertThat(o.body()).isEqualTo("hello");
        assertThat(o.items()).endsWith(ResponseDecoder.END);
    }

    @Test
    void readsAHeadAndBodySplitIntoSingleBytes() {
        String msg = "HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nabc";
        Out o = feed(msg.split(""));
        assertThat(o.head().status).isEqualTo(201);
        assertThat(o.body()).isEqualTo("abc");
        assertThat(o.ended()).isTrue();
    }

    @Test
    void rewritesAnHttp10StatusLineAndKeepsAliveOnlyWhenAsked() {
        ResponseHead plain = feed("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").head();
        assertThat(plain.http10).isTrue();
        assertThat(plain.keepAlive).isFalse();
        assertThat(written(plain, true)).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(feed("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").head().keepAlive).isTrue();
        assertThat(feed("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").head().keepAlive).isFalse();
    }

    @Test
    void passesChunkedBodiesOnWithTheirFramingAndTrailers() {
        String body = "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Sum: 1\r\n\r\n";
        Out whole = feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        assertThat(whole.head().chunked).isTrue();
        assertThat(written(whole.head(), true)).contains("Transfer-Encoding: chunked\r\n");
        assertThat(whole.body()).isEqualTo(body);
        assertThat(whole.items()).endsWith(ResponseDecoder.END);

        Out bytes = feed(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body).split(""));
        assertThat(bytes.body()).isEqualTo(body);
        assertThat(bytes.ended()).isTrue();
    }

    @Test
    void stripsChunkFramingForAnHttp10Client() {
        ResponseDecoder d = new ResponseDecoder(8192);
        d.expect(false, true);
        Out o = feed(d, false, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", "lo\r\n1\r\n!\r\n0\r\n\r\n");
        assertThat(o.body()).isEqualTo("hello!");
        assertThat(written(o.head(), false)).doesNotContainIgnoringCase("transfer-encoding");
        assertThat(o.items()).endsWith(ResponseDecoder.END);
    }

    @Test
    void refusesBrokenChunkFraming() {
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertThat(feed(head + "5\r\nhelloXX0\r\n\r\n").failure()).contains("CR LF");
        assertThat(feed(head + "zz\r\nhello\r\n").failure()).contains("chunk size");
        assertThat(feed(head + "5\nhello\r\n").failure()).contains("chunk size");
        assertThat(feed(head + " 5\r\nhello\r\n").failure()).contains("chunk size");
        assertThat(feed(head + "ffffffffffffffffff\r\n").failure()).contains("chunk size");
        assertThat(feed(head + "0\r\nbad trailer\r\n\r\n").failure()).contains("trailer");
    }

    @Test
    void acceptsARepeatedContentLengthOfTheSameValueAndRefusesConflictingOnes() {
        Out same = feed("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(same.body()).isEqualTo("abc");
        assertThat(written(same.head(), true).split("Content-Length", -1)).hasSize(2);
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc").body()).isEqualTo("abc");
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc").failure()).contains("conflicting");
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 3, 4\r\n\r\nabc").failure()).contains("Content-Length");
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n").failure()).contains("Content-Length");
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n").failure()).contains("Content-Length");
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n").failure()).contains("Content-Length");
    }

    @Test
    void letsChunkedWinOverContentLengthAndDropsTheLengthAndTheConnection() {
        Out o = feed("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(o.head().chunked).isTrue();
        assertThat(o.head().keepAlive).isFalse();
        assertThat(written(o.head(), true)).doesNotContain("Content-Length");
        assertThat(o.body()).isEqualTo("3\r\nabc\r\n0\r\n\r\n");
        assertThat(feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n").failure()).contains("chunked");
        assertThat(feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n").failure()).contains("after chunked");
    }

    @Test
    void joinsObsoleteLineFoldingWithSpacesButNotInFramingHeaders() {
        Out o = feed("HTTP/1.1 200 OK\r\nX-Long: one\r\n two\r\nContent-Length: 0\r\n\r\n");
        assertThat(written(o.head(), true)).isEqualTo("HTTP/1.1 200 OK\r\nX-Long: one   two\r\nContent-Length: 0\r\n");
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n 0\r\n\r\nhello").failure()).contains("folded");
        assertThat(feed("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n X-Secret\r\nContent-Length: 0\r\n\r\n").failure()).contains("folded");
        assertThat(feed("HTTP/1.1 200 OK\r\n folded: x\r\nContent-Length: 0\r\n\r\n").failure()).contains("folded");
        // a dropped header takes its continuation lines with it
        assertThat(written(feed("HTTP/1.1 200 OK\r\nKeep-Alive: a\r\n b\r\nContent-Length: 0\r\n\r\n").head(), true))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n");
    }

    @Test
    void refusesMalformedHeads() {
        assertThat(feed("HTTP/2 200 OK\r\n\r\n").failure()).contains("status line");
        assertThat(feed("HTTP/1.1 20 OK\r\n\r\n").failure()).contains("status line");
        assertThat(feed("HTTP/1.1 200OK\r\n\r\n").failure()).contains("status line");
        assertThat(feed("SSH-2.0-OpenSSH\r\n\r\n").failure()).contains("status line");
        assertThat(feed("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n").failure()).contains("header line");
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\n").failure()).contains("header line");
        assertThat(feed("HTTP/1.1 200 OK\r\nX-A: 1\rX-B: 2\r\n\r\n").failure()).contains("bare CR");
        assertThat(feed("HTTP/1.1 200 OK\r\nX-A: 1\u0000\r\n\r\n").failure()).contains("control character");
        assertThat(feed(new ResponseDecoder(64), false, "HTTP/1.1 200 OK\r\nX-A: " + "a".repeat(100)).failure()).contains("larger than 64");
        // nothing after a failure is passed on
        Out o = feed("HTTP/1.1 200 OK\r\nbad\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(o.items()).hasSize(1);
    }

    @Test
    void acceptsBareLineFeedsInTheHeadAndWritesCrLf() {
        Out o = feed("HTTP/1.1 200 OK\nX-A: 1\nContent-Length: 2\n\nok");
        assertThat(written(o.head(), true)).isEqualTo("HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 2\r\n");
        assertThat(o.body()).isEqualTo("ok");
    }

    @Test
    void passesInterimResponsesAndThenTheFinalOne() {
        Out o = feed("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(o.items()).hasSize(4);
        assertThat(((ResponseHead) o.items().get(0)).status).isEqualTo(103);
        assertThat(((ResponseHead) o.items().get(1)).status).isEqualTo(200);
        assertThat(o.body()).isEqualTo("ok");
        assertThat(o.items()).endsWith(ResponseDecoder.END);
    }

    @Test
    void handsOverRawBytesAfterASwitchingProtocolsAnswer() {
        Out o = feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0002hi", "more");
        assertThat(o.head().status).isEqualTo(101);
        ByteBuf all = Unpooled.buffer();
        o.head().writeTo(all, true, true);
        assertThat(all.toString(StandardCharsets.ISO_8859_1)).contains("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        all.release();
        assertThat(o.body()).isEqualTo("\u0081\u0002himore");
        assertThat(o.ended()).isFalse();
    }

    @Test
    void readsNoBodyAfterHead204And304WhateverTheHeadersSay() {
        ResponseDecoder d = new ResponseDecoder(8192);
        d.expect(true, false);
        Out head = feed(d, false, "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n");
        assertThat(head.head().noBody).isTrue();
        assertThat(head.head().contentLength).isEqualTo(5000);
        assertThat(head.items()).endsWith(ResponseDecoder.END);
        assertThat(feed("HTTP/1.1 204 No Content\r\n\r\n").items()).endsWith(ResponseDecoder.END);
        Out notModified = feed("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertThat(notModified.head().chunked).isFalse();
        assertThat(notModified.items()).endsWith(ResponseDecoder.END);
    }

    @Test
    void endsABodyWithoutLengthWhenTheMemberCloses() {
        Out open = feed("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nsome", " more");
        assertThat(open.head().untilClose).isTrue();
        assertThat(open.head().keepAlive).isFalse();
        assertThat(open.ended()).isFalse();
        Out closed = feed(new ResponseDecoder(8192), true, "HTTP/1.1 200 OK\r\n\r\nsome", " more");
        assertThat(closed.body()).isEqualTo("some more");
        assertThat(closed.items()).endsWith(ResponseDecoder.END);
    }

    @Test
    void marksBytesAfterTheEndOfAResponseAsUnclean() {
        Out o = feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(o.items()).endsWith(ResponseDecoder.END_UNCLEAN);
        assertThat(o.items().stream().filter(ResponseHead.class::isInstance)).hasSize(1);
    }

    @Test
    void waitsForTheRestOfAHeadAndIsIdleOnlyBetweenResponses() {
        ResponseDecoder d = new ResponseDecoder(8192);
        EmbeddedChannel ch = new EmbeddedChannel(d);
        assertThat(d.idle()).isTrue();
        ch.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Le", StandardCharsets.ISO_8859_1));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(d.idle()).isFalse();
        ch.writeInbound(Unpooled.copiedBuffer("ngth: 1\r\n\r\nx", StandardCharsets.ISO_8859_1));
        assertThat(d.idle()).isTrue();
        ch.finishAndReleaseAll();
    }
}
