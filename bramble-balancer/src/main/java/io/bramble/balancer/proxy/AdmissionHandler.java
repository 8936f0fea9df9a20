package io.bramble.balancer.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Turns the request decoder's refusals (forward-proxy use, ambiguous framing, oversized lines,
 * headers and bodies, a missing or repeated Host) into the answer, counts them, and closes the
 * connection; whatever the client sends after that is dropped.
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {
    private final ProxyServer server;
    private boolean refused;

    AdmissionHandler(ProxyServer server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof RequestDecoder.Refusal r) {
            refused = true;
            server.stats().refused.increment();
            Responses.refuse(ctx.channel(), HttpResponseStatus.valueOf(r.status()), r.reason());
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
