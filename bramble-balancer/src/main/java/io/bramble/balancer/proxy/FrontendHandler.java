package io.bramble.balancer.proxy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One client connection: runs its requests one after another as {@link Exchange}s (requests a
 * client pipelines wait, with reading paused, until the one before is answered) and, after a
 * WebSocket upgrade, relays raw bytes.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);
    private final ProxyServer server;
    private Channel client;
    private UpstreamPool pool;
    private String clientIp;
    private Exchange current;
    private ArrayDeque<Object> queued;
    private boolean closing;
    private boolean tunnel;

    FrontendHandler(ProxyServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        pool = server.pool(client.eventLoop());
        SocketAddress a = client.remoteAddress();
        clientIp = a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : String.valueOf(a);
        server.stats().accepted.increment();
        server.stats().open.incrementAndGet();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.stats().open.decrementAndGet();
        Exchange ex = current;
        current = null;
        if (ex != null) ex.clientClosed();
        releaseQueued();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (tunnel) {
            if (msg instanceof ByteBuf b && current != null) current.tunnelFromClient(b);
            else ReferenceCountUtil.release(msg);
            return;
        }
        handle(msg);
    }

    private void handle(Object msg) {
        Exchange ex = current;
        if (ex != null) {
            if (msg instanceof RequestHead || ex.requestDone()) {
                queue(msg);
            } else {
                ex.fromClient(msg);
            }
            return;
        }
        if (msg instanceof RequestHead req) {
            current = new Exchange(this, server, pool, client, req, clientIp);
            current.start();
        } else {
            ReferenceCountUtil.release(msg); // the rest of a body we already answered
        }
    }

    private void queue(Object msg) {
        if (queued == null) queued = new ArrayDeque<>();
        queued.add(msg);
        client.config().setAutoRead(false);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange ex = current;
        if (ex != null) ex.flushUpstream();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange ex = current;
        if (ex != null) ex.clientWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (current == null || tunnel) ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client {}: {}", clientIp, cause.toString());
        ctx.close();
    }

    Exchange current() { return current; }

    void tunnelling() {
        tunnel = true;
    }

    /** The exchange wrote its last byte to the client. */
    void completed(Exchange ex, boolean keepAlive) {
        if (current != ex) return;
        current = null;
        if (!keepAlive || !client.isActive()) {
            closing = true;
            releaseQueued();
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> Responses.lingeringClose(client));
            return;
        }
        pool.flushes.add(client);
        if (queued != null) {
            while (!queued.isEmpty() && !closing) {
                Exchange cur = current;
                if (cur != null && (queued.peek() instanceof RequestHead || cur.requestDone())) break;
                handle(queued.poll());
            }
            if (current != null) current.flushUpstream();
            if (!queued.isEmpty()) return;
        }
        if (!client.config().isAutoRead()) client.config().setAutoRead(true);
        if (ex.upgradeRequest()) {
            // after an upgrade request the member did not accept, the client may go on with HTTP
            ChannelHandlerContext d = client.pipeline().context(RequestDecoder.class);
            if (d != null) ((RequestDecoder) d.handler()).resume(d);
        }
    }

    private void releaseQueued() {
        if (queued == null) return;
        Object m;
        while ((m = queued.poll()) != null) ReferenceCountUtil.release(m);
    }
}
