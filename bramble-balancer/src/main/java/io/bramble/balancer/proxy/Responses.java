package io.bramble.balancer.proxy;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;

import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The balancer's own short answers (refusals and gateway errors), as plain text. */
final class Responses {
    private Responses() {}

    /** The whole response as bytes: the client side has no HTTP encoder, the proxy writes bytes there. */
    static ByteBuf text(HttpResponseStatus status, String message, boolean close) {
        byte[] body = (status.code() + " " + status.reasonPhrase() + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n";
        return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
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
