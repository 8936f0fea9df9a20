package io.bramble.balancer.proxy;

import java.util.List;
import java.util.Locale;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Lets only well-formed origin-form requests through to the proxy: refuses forward-proxy use
 * (absolute-URI targets, CONNECT), ambiguous framing (both Content-Length and Transfer-Encoding,
 * or a transfer coding other than chunked), oversized lines, headers and declared bodies, and
 * HTTP/1.1 requests without exactly one Host. Every refusal closes the connection.
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
        if (msg instanceof HttpRequest req) {
            String why = check(req);
            if (why != null) {
                ReferenceCountUtil.release(msg);
                refused = true;
                server.stats().refused.increment();
                HttpResponseStatus status = statusFor(req, why);
                Responses.refuse(ctx.channel(), status, why);
                return;
            }
        } else if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            refused = true;
            server.stats().refused.increment();
            Responses.refuse(ctx.channel(), HttpResponseStatus.BAD_REQUEST, "malformed request body: " + causeText(o.decoderResult()));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private HttpResponseStatus statusFor(HttpRequest req, String why) {
        DecoderResult r = req.decoderResult();
        if (r.isFailure()) {
            Throwable c = r.cause();
            if (c instanceof TooLongHttpLineException) return HttpResponseStatus.REQUEST_URI_TOO_LONG;
            if (c instanceof TooLongHttpHeaderException) return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            if (c instanceof TooLongFrameException) return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (req.method() == HttpMethod.CONNECT) return HttpResponseStatus.METHOD_NOT_ALLOWED;
        if (why.startsWith("body")) return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        return HttpResponseStatus.BAD_REQUEST;
    }

    /** Why the request is refused, or null when it may pass. */
    private String check(HttpRequest req) {
        DecoderResult r = req.decoderResult();
        if (r.isFailure()) {
            Throwable c = r.cause();
            if (c instanceof TooLongHttpLineException) return "request line longer than " + server.settings().maxInitialLineBytes() + " bytes";
            if (c instanceof TooLongHttpHeaderException) return "request headers larger than " + server.settings().maxHeaderBytes() + " bytes";
            return "malformed request: " + causeText(r);
        }
        if (req.method() == HttpMethod.CONNECT)
            return "CONNECT is refused: this is a reverse proxy, not a forward proxy";
        String uri = req.uri();
        if (uri.isEmpty() || uri.charAt(0) != '/')
            return "only origin-form targets such as /path are accepted; absolute-URI (forward proxy) requests are refused";
        if (req.protocolVersion().equals(HttpVersion.HTTP_1_1) || req.headers().contains(HttpHeaderNames.HOST)) {
            List<String> hosts = req.headers().getAll(HttpHeaderNames.HOST);
            if (hosts.size() != 1) return hosts.isEmpty() ? "missing Host header" : "more than one Host header";
            String h = hosts.get(0);
            if (h.isEmpty() || h.indexOf(' ') >= 0 || h.indexOf(',') >= 0) return "invalid Host header";
        }
        List<String> te = req.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                ? req.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING) : List.of();
        if (!te.isEmpty()) {
            if (te.size() != 1 || !"chunked".equals(te.get(0).strip().toLowerCase(Locale.ROOT)))
                return "only Transfer-Encoding: chunked is accepted (got " + String.join(", ", te) + ")";
            if (req.headers().contains(HttpHeaderNames.CONTENT_LENGTH))
                return "request has both Content-Length and Transfer-Encoding";
        }
        List<String> cl = req.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
                ? req.headers().getAll(HttpHeaderNames.CONTENT_LENGTH) : List.of();
        if (cl.size() > 1) return "more than one Content-Length header";
        if (cl.size() == 1) {
            long n;
            try {
                n = Long.parseLong(cl.get(0).strip());
            } catch (NumberFormatException e) {
                return "invalid Content-Length";
            }
            if (n < 0) return "invalid Content-Length";
            if (n > server.settings().maxBodyBytes()) return "body of " + n + " bytes is over the limit of " + server.settings().maxBodyBytes();
        }
        return null;
    }

    private static String causeText(DecoderResult r) {
        Throwable c = r.cause();
        return c == null ? "unknown" : c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
