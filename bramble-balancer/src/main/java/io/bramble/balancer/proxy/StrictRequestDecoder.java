package io.bramble.balancer.proxy;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, but a request carrying both Content-Length and Transfer-Encoding is
 * refused instead of quietly dropping Content-Length: the two framings are how requests are smuggled
 * past a proxy, so the balancer answers 400 rather than guess which one a member will believe.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
    StrictRequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new SmugglingException("request has both Content-Length and Transfer-Encoding");
    }

    /** The request's framing is ambiguous. */
    static final class SmugglingException extends IllegalArgumentException {
        SmugglingException(String m) {
            super(m);
        }
    }
}
