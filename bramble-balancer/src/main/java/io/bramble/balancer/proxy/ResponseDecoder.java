package io.bramble.balancer.proxy;

import static io.bramble.balancer.proxy.HttpBytes.append;
import static io.bramble.balancer.proxy.HttpBytes.control;
import static io.bramble.balancer.proxy.HttpBytes.digit;
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
 * Reads a member's responses without building header objects: parses the status line and only the
 * headers that decide framing and hop-by-hop handling into a {@link ResponseHead} that keeps the
 * original bytes, then passes the body on as raw slices of what was read. A chunked body keeps its
 * chunk framing (checked strictly, so the client cannot read it differently) unless the client is
 * HTTP/1.0 and needs it decoded. Emits, per response: one head, body {@link ByteBuf}s, then
 * {@link #END} (or {@link #END_UNCLEAN} when the member sent bytes past the end); a {@link Failure}
 * when the member breaks HTTP, after which everything it sends is dropped.
 */
final class ResponseDecoder extends ByteToMessageDecoder {
    static final Object END = new Marker("end of response");
    /** The end of a response with more bytes behind it that nobody asked for: do not reuse the connection. */
    static final Object END_UNCLEAN = new Marker("end of response, with unasked bytes after it");

    /** The member sent something that is not HTTP/1.1. */
    record Failure(String reason) {}

    private static final int HEAD = 0, FIXED = 1, CHUNKED = 2, UNTIL_CLOSE = 6, RAW = 7, BROKEN = 8;

    private final int maxHeadBytes;
    private int state = HEAD;
    private boolean headRequest;
    private boolean dechunk;
    private long remaining;
    private final ChunkedBody chunks;

    ResponseDecoder(int maxHeadBytes) {
        this.maxHeadBytes = maxHeadBytes;
        this.chunks = new ChunkedBody(maxHeadBytes);
    }

    /**
     * Sets how to read the response to the request about to be sent: the answer to HEAD has no body
     * whatever its headers say, and {@code dechunk} strips chunk framing for an HTTP/1.0 client.
     */
    void expect(boolean headRequest, boolean dechunk) {
        this.headRequest = headRequest;
        this.dechunk = dechunk;
    }

    /** True when no response is half read and no byte is waiting: the connection can take a new request. */
    boolean idle() {
        ByteBuf c = internalBuffer();
        return state == HEAD && !c.isReadable();
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
                    if (remaining == 0) end(in, out);
                }
                case CHUNKED -> {
                    String why = chunks.read(in, out, dechunk);
                    if (why != null) {
                        fail(in, out, why);
                        return;
                    }
                    if (!chunks.done()) return;
                    end(in, out);
                }
                case UNTIL_CLOSE, RAW -> out.add(in.readRetainedSlice(in.readableBytes()));
                default -> in.skipBytes(in.readableBytes());
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (state == UNTIL_CLOSE) {
            state = BROKEN;
            out.add(END);
        }
    }

    private void end(ByteBuf in, List<Object> out) {
        if (in.isReadable()) {
            // a member may not answer what was not asked: drop the rest, the connection will not be reused
            state = BROKEN;
            in.skipBytes(in.readableBytes());
            out.add(END_UNCLEAN);
        } else {
            state = HEAD;
            out.add(END);
        }
    }

    private void fail(ByteBuf in, List<Object> out, String reason) {
        in.skipBytes(in.readableBytes());
        state = BROKEN;
        out.add(new Failure(reason));
    }

    // ---- head ----

    /** Reads one head if all of it is here; false when more bytes are needed or the member broke HTTP. */
    private boolean head(ByteBuf in, List<Object> out) {
        int start = in.readerIndex(), limit = in.writerIndex();
        int lineStart = start, end = -1;
        while (true) {
            int lf = in.indexOf(lineStart, limit, (byte) '\n');
            if (lf < 0) {
                if (limit - start > maxHeadBytes) fail(in, out, "response head larger than " + maxHeadBytes + " bytes");
                return false;
            }
            if (lf - start > maxHeadBytes) {
                fail(in, out, "response head larger than " + maxHeadBytes + " bytes");
                return false;
            }
            if (lf == lineStart || lf == lineStart + 1 && in.getByte(lineStart) == '\r') {
                if (lineStart == start) {
                    // RFC 9112 2.2: empty lines before a message may be ignored
                    in.readerIndex(lf + 1);
                    start = lineStart = lf + 1;
                    continue;
                }
                end = lf + 1;
                break;
            }
            lineStart = lf + 1;
        }
        byte[] raw = new byte[end - start];
        in.getBytes(start, raw);
        in.readerIndex(end);
        String why = parse(raw, in, out);
        if (why != null) {
            fail(in, out, why);
            return false;
        }
        return true;
    }

    /** Parses a complete head and sets the body state; the reason it is invalid, or null. */
    private String parse(byte[] raw, ByteBuf in, List<Object> out) {
        int n = raw.length;
        // status line: HTTP/1.x SP 3DIGIT [SP reason]
        int eol = lineEnd(raw, 0);
        if (eol < 0) return "bare CR in the status line";
        if (eol < 12 || raw[0] != 'H' || raw[1] != 'T' || raw[2] != 'T' || raw[3] != 'P' || raw[4] != '/' || raw[5] != '1'
                || raw[6] != '.' || (raw[7] != '0' && raw[7] != '1') || raw[8] != ' ' || !digit(raw[9]) || !digit(raw[10])
                || !digit(raw[11]) || (eol > 12 && raw[12] != ' ') || raw[9] == '0')
            return "invalid status line";
        for (int i = 12; i < eol; i++) if (control(raw[i])) return "control character in the status line";
        boolean http10 = raw[7] == '0';
        int status = (raw[9] - '0') * 100 + (raw[10] - '0') * 10 + (raw[11] - '0');

        int[] lines = new int[30];
        int count = 0;
        long contentLength = -1;
        boolean chunked = false, teSeen = false, close = false, keepAliveToken = false;
        String[] connectionNames = null;
        boolean first = true, prevInterpreted = false;
        int pos = next(raw, eol);
        while (pos < n) {
            int e = lineEnd(raw, pos);
            if (e < 0) return "bare CR in a header line";
            if (e == pos) break; // the empty line
            if (3 * count + 3 > lines.length) lines = Arrays.copyOf(lines, lines.length * 2);
            int kind = ResponseHead.KEEP;
            if (raw[pos] == ' ' || raw[pos] == '\t') {
                // obs-fold (RFC 9112 5.2): a proxy may replace it with spaces, but not inside a header it interprets
                if (first) return "folded line before the first header";
                if (prevInterpreted) return "folded Content-Length, Transfer-Encoding or Connection header";
                for (int i = pos; i < e; i++) if (control(raw[i])) return "control character in a header value";
                kind = ResponseHead.FOLD;
            } else {
                int colon = pos;
                while (colon < e && tchar(raw[colon])) colon++;
                if (colon == pos || colon == e || raw[colon] != ':') return "invalid header line";
                int vs = colon + 1, ve = e;
                while (vs < ve && (raw[vs] == ' ' || raw[vs] == '\t')) vs++;
                while (ve > vs && (raw[ve - 1] == ' ' || raw[ve - 1] == '\t')) ve--;
                for (int i = vs; i < ve; i++) if (control(raw[i])) return "control character in a header value";
                prevInterpreted = false;
                switch (colon - pos) {
                    case 2 -> { if (named(raw, pos, "te")) kind = ResponseHead.HOP; }
                    case 7 -> { if (named(raw, pos, "upgrade") || named(raw, pos, "trailer")) kind = ResponseHead.HOP; }
                    case 10 -> {
                        if (named(raw, pos, "keep-alive")) {
                            kind = ResponseHead.HOP;
                        } else if (named(raw, pos, "connection")) {
                            kind = ResponseHead.HOP;
                            prevInterpreted = true;
                            for (int t = vs; t <= ve; ) {
                                int c = t;
                                while (c < ve && raw[c] != ',') c++;
                                int ts = t, te = c;
                                while (ts < te && (raw[ts] == ' ' || raw[ts] == '\t')) ts++;
                                while (te > ts && (raw[te - 1] == ' ' || raw[te - 1] == '\t')) te--;
                                if (te - ts == 5 && named(raw, ts, "close")) {
                                    close = true;
                                } else if (te - ts == 10 && named(raw, ts, "keep-alive")) {
                                    keepAliveToken = true;
                                } else if (te > ts) {
                                    String name = new String(raw, ts, te - ts, StandardCharsets.ISO_8859_1);
                                    connectionNames = connectionNames == null ? new String[] {name} : append(connectionNames, name);
                                }
                                t = c + 1;
                            }
                        }
                    }
                    case 14 -> {
                        if (named(raw, pos, "content-length")) {
                            prevInterpreted = true;
                            long v = parseLength(raw, vs, ve, true);
                            if (v < 0) return "invalid Content-Length";
                            if (contentLength >= 0 && contentLength != v) return "conflicting Content-Length headers";
                            if (contentLength >= 0) kind = ResponseHead.DROP; // a repeat of the same value: keep one
                            contentLength = v;
                        }
                    }
                    case 16 -> { if (named(raw, pos, "proxy-connection")) kind = ResponseHead.HOP; }
                    case 17 -> {
                        if (named(raw, pos, "transfer-encoding")) {
                            kind = ResponseHead.TRANSFER_ENCODING;
                            prevInterpreted = true;
                            teSeen = true;
                            // chunked must be the last coding and appear only there (RFC 9112 6.1)
                            for (int t = vs; t <= ve; ) {
                                int c = t;
                                while (c < ve && raw[c] != ',') c++;
                                int ts = t, te = c;
                                while (ts < te && (raw[ts] == ' ' || raw[ts] == '\t')) ts++;
                                while (te > ts && (raw[te - 1] == ' ' || raw[te - 1] == '\t')) te--;
                                if (te == ts) return "empty Transfer-Encoding coding";
                                if (chunked) return "Transfer-Encoding has a coding after chunked";
                                if (te - ts == 7 && named(raw, ts, "chunked")) chunked = true;
                                t = c + 1;
                            }
                        }
                    }
                    case 18 -> { if (named(raw, pos, "proxy-authenticate")) kind = ResponseHead.HOP; }
                    case 19 -> { if (named(raw, pos, "proxy-authorization")) kind = ResponseHead.HOP; }
                    default -> { }
                }
                first = false;
            }
            lines[3 * count] = pos;
            lines[3 * count + 1] = e;
            lines[3 * count + 2] = kind;
            count++;
            pos = next(raw, e);
        }
        if (teSeen && !chunked) return "Transfer-Encoding without chunked as the last coding (only chunked bodies are relayed)";
        boolean keepAlive = http10 ? keepAliveToken && !close : !close;
        if (teSeen && contentLength >= 0) {
            // both framings: chunked wins (RFC 9112 6.3), Content-Length goes, and the connection is not trusted again
            for (int i = 0; i < count; i++) {
                int s = lines[3 * i];
                if (lines[3 * i + 2] == ResponseHead.KEEP && lines[3 * i + 1] - s > 14 && named(raw, s, "content-length") && raw[s + 14] == ':')
                    lines[3 * i + 2] = ResponseHead.DROP;
            }
            contentLength = -1;
            keepAlive = false;
        }
        if (connectionNames != null) dropConnectionNamed(raw, lines, count, connectionNames);
        boolean informational = status < 200;
        boolean noBody = informational || headRequest || status == 204 || status == 304;
        boolean untilClose = !noBody && !chunked && contentLength < 0;
        if (untilClose) keepAlive = false;
        out.add(new ResponseHead(status, http10, keepAlive, noBody, chunked && !noBody, untilClose,
                contentLength, raw, eol, lines, count));
        if (status == 101) {
            state = RAW; // whatever follows is another protocol
        } else if (informational) {
            state = HEAD; // the final response follows
        } else if (noBody || !chunked && contentLength == 0) {
            end(in, out);
        } else if (chunked) {
            state = CHUNKED;
            chunks.reset();
        } else if (contentLength > 0) {
            state = FIXED;
            remaining = contentLength;
        } else {
            state = UNTIL_CLOSE;
        }
        return null;
    }

    /** Marks the lines of headers that Connection names as dropped; never the framing or Host. */
    private static void dropConnectionNamed(byte[] raw, int[] lines, int count, String[] names) {
        for (String name : names) {
            if (name.equalsIgnoreCase("transfer-encoding") || name.equalsIgnoreCase("content-length")
                    || name.equalsIgnoreCase("host") || name.equalsIgnoreCase("upgrade")) continue;
            int len = name.length();
            for (int i = 0; i < count; i++) {
                int s = lines[3 * i];
                if (lines[3 * i + 2] != ResponseHead.KEEP || lines[3 * i + 1] - s <= len || raw[s + len] != ':') continue;
                if (named(raw, s, name)) lines[3 * i + 2] = ResponseHead.DROP;
            }
        }
    }

    private record Marker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }
}
