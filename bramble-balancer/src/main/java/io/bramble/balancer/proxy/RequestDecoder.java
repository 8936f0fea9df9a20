package io.bramble.balancer.proxy;

import static io.bramble.balancer.proxy.HttpBytes.append;
import static io.bramble.balancer.proxy.HttpBytes.control;
import static io.bramble.balancer.proxy.HttpBytes.header;
import static io.bramble.balancer.proxy.HttpBytes.lineEnd;
import static io.bramble.balancer.proxy.HttpBytes.named;
import static io.bramble.balancer.proxy.HttpBytes.next;
import static io.bramble.balancer.proxy.HttpBytes.parseLength;
import static io.bramble.balancer.proxy.HttpBytes.tchar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Reads clients' requests without building header objects, and admits only well-formed origin-form
 * ones: refuses forward-proxy use (absolute-URI targets, CONNECT), ambiguous framing (both
 * Content-Length and Transfer-Encoding, repeated Content-Length, a transfer coding other than
 * chunked), obs-fold, oversized lines, headers and declared bodies, and HTTP/1.1 requests without
 * exactly one Host. Emits, per request: a {@link RequestHead}, then when it has a body the body as
 * raw slices (chunk framing kept) and {@link #END}; or one {@link Refusal}, after which the rest of
 * the connection is dropped.
 */
final class RequestDecoder extends ByteToMessageDecoder {
    static final Object END = new Object() {
        @Override
        public String toString() {
            return "end of request body";
        }
    };

    /** The request is refused with {@code status}; {@code reason} goes into the answer. */
    record Refusal(int status, String reason) {}

    private static final int HEAD = 0, FIXED = 1, CHUNKED = 2, PAUSED = 3, BROKEN = 4;

    private final int maxLineBytes;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    private final ChunkedBody chunks;
    private int state = HEAD;
    private long remaining;

    RequestDecoder(int maxLineBytes, int maxHeaderBytes, long maxBodyBytes) {
        this.maxLineBytes = maxLineBytes;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.chunks = new ChunkedBody(maxHeaderBytes);
    }

    /**
     * Goes on reading requests after an upgrade request the member did not accept (what follows an
     * accepted one is another protocol, so reading stops after every upgrade request until then).
     */
    void resume(ChannelHandlerContext ctx) {
        if (state != PAUSED) return;
        state = HEAD;
        if (internalBuffer().isReadable()) ctx.pipeline().fireChannelRead(io.netty.buffer.Unpooled.EMPTY_BUFFER);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (state) {
                case HEAD -> {
                    if (!head(in, out)) return;
                }
                case FIXED -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    out.add(in.readRetainedSlice(n));
                    remaining -= n;
                    if (remaining == 0) {
                        state = HEAD;
                        out.add(END);
                    }
                }
                case CHUNKED -> {
                    String why = chunks.read(in, out, false);
                    if (why != null) {
                        refuse(in, out, 400, "malformed request body: " + why);
                        return;
                    }
                    if (!chunks.done()) return;
                    state = HEAD;
                    out.add(END);
                }
                case PAUSED -> {
                    return;
                }
                default -> in.skipBytes(in.readableBytes());
            }
        }
    }

    private void refuse(ByteBuf in, List<Object> out, int status, String reason) {
        in.skipBytes(in.readableBytes());
        state = BROKEN;
        out.add(new Refusal(status, reason));
    }

    /** Reads one head if all of it is here; false when more bytes are needed or the request was refused. */
    private boolean head(ByteBuf in, List<Object> out) {
        int start = in.readerIndex(), limit = in.writerIndex();
        int lineStart = start, end, requestLineEnd = -1;
        while (true) {
            int lf = in.indexOf(lineStart, limit, (byte) '\n');
            if (lf < 0) {
                if (requestLineEnd < 0 && limit - start > maxLineBytes + 2) {
                    refuse(in, out, 414, "request line longer than " + maxLineBytes + " bytes");
                } else if (requestLineEnd >= 0 && limit - requestLineEnd > maxHeaderBytes + 4) {
                    refuse(in, out, 431, "request headers larger than " + maxHeaderBytes + " bytes");
                }
                return false;
            }
            if (lf == lineStart || lf == lineStart + 1 && in.getByte(lineStart) == '\r') {
                if (lineStart == start) {
                    // RFC 9112 2.2: empty lines before a request are ignored
                    in.readerIndex(lf + 1);
                    start = lineStart = lf + 1;
                    continue;
                }
                end = lf + 1;
                break;
            }
            if (requestLineEnd < 0) {
                requestLineEnd = lf + 1;
                if (lf - start > maxLineBytes + 1) {
                    refuse(in, out, 414, "request line longer than " + maxLineBytes + " bytes");
                    return false;
                }
            } else if (lf + 1 - requestLineEnd > maxHeaderBytes + 2) {
                refuse(in, out, 431, "request headers larger than " + maxHeaderBytes + " bytes");
                return false;
            }
            lineStart = lf + 1;
        }
        byte[] raw = new byte[end - start];
        in.getBytes(start, raw);
        in.readerIndex(end);
        Object r = parse(raw);
        if (r instanceof Refusal f) {
            refuse(in, out, f.status(), f.reason());
            return false;
        }
        RequestHead h = (RequestHead) r;
        out.add(h);
        if (h.websocket) {
            state = PAUSED;
        } else if (h.chunked) {
            state = CHUNKED;
            chunks.reset();
        } else if (h.hasBody) {
            state = FIXED;
        }
        return true;
    }

    private static Refusal bad(String reason) {
        return new Refusal(400, reason);
    }

    /** A {@link RequestHead}, or the {@link Refusal} for it. */
    private Object parse(byte[] raw) {
        int n = raw.length;
        int eol = lineEnd(raw, 0);
        if (eol < 0) return bad("malformed request: bare CR in the request line");
        // method SP request-target SP HTTP-version
        int m = 0;
        while (m < eol && tchar(raw[m])) m++;
        if (m == 0 || m == eol || raw[m] != ' ') return bad("malformed request line");
        int ts = m + 1, te = ts;
        while (te < eol && raw[te] != ' ') {
            if (control(raw[te])) return bad("control character in the request target");
            te++;
        }
        if (te == ts || te + 9 != eol) return bad("malformed request line");
        if (!named(raw, te + 1, "HTTP/1.") || (raw[te + 8] != '0' && raw[te + 8] != '1'))
            return bad("unsupported HTTP version (HTTP/1.0 and HTTP/1.1 only)");
        boolean http11 = raw[te + 8] == '1';
        String methodText = m <= 7 ? new String(raw, 0, m, StandardCharsets.US_ASCII) : "";
        if (methodText.equals("CONNECT")) return new Refusal(405, "CONNECT is refused: this is a reverse proxy, not a forward proxy");
        if (raw[ts] != '/')
            return bad("only origin-form targets such as /path are accepted; absolute-URI (forward proxy) requests are refused");
        boolean idempotent = switch (methodText) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };

        int[] lines = new int[30];
        int count = 0;
        int hosts = 0, hostLine = -1, xffLine = -1, lengths = 0, encodings = 0;
        long contentLength = -1;
        String encodingText = null;
        boolean close = false, keepAliveToken = false, upgradeToken = false, upgradeWebsocket = false, expectContinue = false;
        String[] connectionNames = null;
        int pos = next(raw, eol);
        while (pos < n) {
            int e = lineEnd(raw, pos);
            if (e < 0) return bad("malformed request: bare CR in a header line");
            if (e == pos) break;
            if (raw[pos] == ' ' || raw[pos] == '\t') return bad("folded header lines (obs-fold) are refused");
            if (3 * count + 3 > lines.length) lines = Arrays.copyOf(lines, lines.length * 2);
            int colon = pos;
            while (colon < e && tchar(raw[colon])) colon++;
            if (colon == pos || colon == e || raw[colon] != ':') return bad("malformed header line");
            int vs = colon + 1, ve = e;
            while (vs < ve && (raw[vs] == ' ' || raw[vs] == '\t')) vs++;
            while (ve > vs && (raw[ve - 1] == ' ' || raw[ve - 1] == '\t')) ve--;
            for (int i = vs; i < ve; i++) if (control(raw[i])) return bad("control character in a header value");
            byte kind = RequestHead.KEEP;
            switch (colon - pos) {
                case 2 -> { if (named(raw, pos, "te")) kind = RequestHead.DROP; }
                case 4 -> {
                    if (named(raw, pos, "host")) {
                        hosts++;
                        hostLine = count;
                        if (ve == vs) return bad("invalid Host header");
                        for (int i = vs; i < ve; i++) if (raw[i] == ' ' || raw[i] == '\t' || raw[i] == ',') return bad("invalid Host header");
                    }
                }
                case 6 -> {
                    if (named(raw, pos, "expect") && ve - vs == 12 && named(raw, vs, "100-continue") && http11) {
                        expectContinue = true;
                        kind = RequestHead.DROP; // the balancer answers 100 itself
                    }
                }
                case 7 -> {
                    if (named(raw, pos, "upgrade")) {
                        kind = RequestHead.UPGRADE;
                        upgradeWebsocket = ve - vs == 9 && named(raw, vs, "websocket");
                    } else if (named(raw, pos, "trailer")) {
                        kind = RequestHead.DROP;
                    }
                }
                case 10 -> {
                    if (named(raw, pos, "keep-alive")) {
                        kind = RequestHead.DROP;
                    } else if (named(raw, pos, "connection")) {
                        kind = RequestHead.DROP;
                        for (int t = vs; t <= ve; ) {
                            int c = t;
                            while (c < ve && raw[c] != ',') c++;
                            int s = t, f = c;
                            while (s < f && (raw[s] == ' ' || raw[s] == '\t')) s++;
                            while (f > s && (raw[f - 1] == ' ' || raw[f - 1] == '\t')) f--;
                            if (f - s == 5 && named(raw, s, "close")) close = true;
                            else if (f - s == 10 && named(raw, s, "keep-alive")) keepAliveToken = true;
                            else if (f - s == 7 && named(raw, s, "upgrade")) upgradeToken = true;
                            else if (f > s) {
                                String name = new String(raw, s, f - s, StandardCharsets.ISO_8859_1);
                                connectionNames = connectionNames == null ? new String[] {name} : append(connectionNames, name);
                            }
                            t = c + 1;
                        }
                    }
                }
                case 14 -> {
                    if (named(raw, pos, "content-length")) {
                        lengths++;
                        contentLength = parseLength(raw, vs, ve, false);
                    }
                }
                case 15 -> {
                    if (named(raw, pos, "x-forwarded-for")) {
                        if (xffLine < 0) xffLine = count;
                        kind = RequestHead.DROP;
                    }
                }
                case 16 -> {
                    if (named(raw, pos, "proxy-connection") || named(raw, pos, "x-forwarded-host")) kind = RequestHead.DROP;
                }
                case 17 -> {
                    if (named(raw, pos, "transfer-encoding")) {
                        encodings++;
                        String v = new String(raw, vs, ve - vs, StandardCharsets.ISO_8859_1);
                        encodingText = encodingText == null ? v : encodingText + ", " + v;
                        if (encodings == 1 && ve - vs == 7 && named(raw, vs, "chunked")) encodingText = "chunked";
                    } else if (named(raw, pos, "x-forwarded-proto")) {
                        kind = RequestHead.DROP;
                    }
                }
                case 18 -> { if (named(raw, pos, "proxy-authenticate")) kind = RequestHead.DROP; }
                case 19 -> { if (named(raw, pos, "proxy-authorization")) kind = RequestHead.DROP; }
                default -> { }
            }
            lines[3 * count] = pos;
            lines[3 * count + 1] = e;
            lines[3 * count + 2] = kind;
            count++;
            pos = next(raw, e);
        }
        if (http11 || hosts > 0) {
            if (hosts == 0) return bad("missing Host header");
            if (hosts > 1) return bad("more than one Host header");
        }
        boolean chunked = false;
        if (encodings > 0) {
            if (encodings != 1 || !"chunked".equals(encodingText))
                return bad("only Transfer-Encoding: chunked is accepted (got " + encodingText + ")");
            if (lengths > 0) return bad("request has both Content-Length and Transfer-Encoding");
            chunked = true;
        }
        if (lengths > 1) return bad("more than one Content-Length header");
        if (lengths == 1) {
            if (contentLength < 0) return bad("invalid Content-Length");
            if (contentLength > maxBodyBytes) return new Refusal(413, "body of " + contentLength + " bytes is over the limit of " + maxBodyBytes);
        }
        if (connectionNames != null) {
            for (String name : connectionNames) {
                if (name.equalsIgnoreCase("transfer-encoding") || name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("host")) continue;
                for (int i = 0; i < count; i++) {
                    if (lines[3 * i + 2] == RequestHead.KEEP && header(raw, lines[3 * i], lines[3 * i + 1], name.toLowerCase()))
                        lines[3 * i + 2] = RequestHead.DROP;
                }
            }
        }
        boolean hasBody = chunked || contentLength > 0;
        boolean websocket = upgradeWebsocket && upgradeToken && !hasBody;
        boolean keepAlive = http11 ? !close : keepAliveToken && !close;
        remaining = contentLength;
        return new RequestHead(http11, keepAlive, websocket, expectContinue, hasBody, chunked, idempotent,
                methodText.equals("HEAD"), raw, m, ts, te, lines, count, hostLine, xffLine);
    }
}
