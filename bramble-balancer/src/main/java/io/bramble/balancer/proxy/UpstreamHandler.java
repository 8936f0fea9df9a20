package io.bramble.balancer.proxy;

import io.bramble.balancer.member.Endpoint;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a member connection: hands what the member sends to the exchange that
 * leased the connection; while the connection sits in the pool, closes it when idle or when the
 * member sends anything unasked.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    private final UpstreamPool pool;
    final ResponseDecoder decoder;
    Exchange exchange;
    Endpoint endpoint;
    String lastError;
    /** When the member last sent something, or the connection was last leased or pooled. */
    long lastActivityNanos = System.nanoTime();

    UpstreamHandler(UpstreamPool pool, ResponseDecoder decoder) {
        this.pool = pool;
        this.decoder = decoder;
    }

    void leased(Exchange ex, Endpoint e, ChannelHandlerContext unused) {
        this.exchange = ex;
        this.endpoint = e;
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange ex = exchange;
        if (ex != null && msg instanceof ResponseHead) touch();
        if (ex == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        ex.fromUpstream(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange ex = exchange;
        if (ex != null) ex.flushClient();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (endpoint != null) pool.removed(endpoint, ctx.channel());
        Exchange ex = exchange;
        if (ex != null) {
            exchange = null;
            ex.upstreamClosed(lastError == null ? "member closed the connection" : lastError);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange ex = exchange;
        if (ex != null) ex.upstreamWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent e && e.state() == IdleState.READER_IDLE) {
            Exchange ex = exchange;
            long silentMillis = (System.nanoTime() - lastActivityNanos) / 1_000_000;
            ProxySettings s = pool.server().settings();
            if (ex == null) {
                if (silentMillis >= s.upstreamIdleMillis()) ctx.close();
            } else if (silentMillis >= s.responseMillis()) {
                ex.upstreamSilent();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        lastError = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        ctx.close();
    }
}
