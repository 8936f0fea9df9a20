package io.bramble.balancer.proxy;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;

import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** The balancer's own short answers (refusals and gateway errors), as plain text. */
final class Responses {
    private Responses() {}

    static FullHttpResponse text(HttpResponseStatus status, String message, boolean close) {
        byte[] body = (status.code() + " " + status.reasonPhrase() + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (close) r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }

    /** Answers and closes the connection. */
    static void refuse(Channel ch, HttpResponseStatus status, String message) {
        ch.writeAndFlush(text(status, message, true)).addListener(f -> lingeringClose(ch));
    }

    /**
     * Closes after the answer is out, but first stops writing and reads (and drops) what the client
     * is still sending for a moment: closing with unread input makes the kernel send a reset, which
     * can destroy the answer before the client reads it.
     */
    static void lingeringClose(Channel ch) {
        if (ch instanceof DuplexChannel d && ch.isActive()) {
            d.shutdownOutput().addListener(f -> {
                ch.config().setAutoRead(true);
                ch.eventLoop().schedule(() -> {
                    ch.close();
                }, 2, TimeUnit.SECONDS);
            });
        } else {
            ch.close();
        }
    }
}
