package io.bramble.balancer.proxy;

import static io.bramble.balancer.proxy.HttpBytes.header;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * A client's request head as it came off the wire, already admitted: the original bytes, where each
 * header line sits and what to do with it, and the facts the proxy acts on. Writing it to a member
 * copies the client's own lines minus hop-by-hop ones and adds the X-Forwarded headers, instead of
 * rebuilding the head from header objects.
 */
final class RequestHead {
    /** Line kinds. */
    static final byte KEEP = 0, DROP = 1, UPGRADE = 2;

    private static final byte[] HTTP_11_CRLF = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XFF = "X-Forwarded-For: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XFP = "X-Forwarded-Proto: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XFH = "X-Forwarded-Host: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST = "Host: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_UPGRADE = "Connection: Upgrade\r\n".getBytes(StandardCharsets.US_ASCII);

    final boolean http11;
    /** The client wants to send another request on this connection afterwards. */
    final boolean keepAlive;
    final boolean websocket;
    final boolean expectContinue;
    /** A body follows (Content-Length above 0, or chunked). */
    final boolean hasBody;
    final boolean chunked;
    /** GET, HEAD, OPTIONS, TRACE, PUT or DELETE (RFC 9110 9.2.2). */
    final boolean idempotent;
    final boolean headMethod;
    private final byte[] raw;
    private final int methodEnd, targetStart, targetEnd;
    private final int[] lines;
    private final int lineCount;
    private final int hostLine;
    private final int forwardedForLine;

    RequestHead(boolean http11, boolean keepAlive, boolean websocket, boolean expectContinue, boolean hasBody, boolean chunked,
                boolean idempotent, boolean headMethod, byte[] raw, int methodEnd, int targetStart, int targetEnd,
                int[] lines, int lineCount, int hostLine, int forwardedForLine) {
        this.http11 = http11;
        this.keepAlive = keepAlive;
        this.websocket = websocket;
        this.expectContinue = expectContinue;
        this.hasBody = hasBody;
        this.chunked = chunked;
        this.idempotent = idempotent;
        this.headMethod = headMethod;
        this.raw = raw;
        this.methodEnd = methodEnd;
        this.targetStart = targetStart;
        this.targetEnd = targetEnd;
        this.lines = lines;
        this.lineCount = lineCount;
        this.hostLine = hostLine;
        this.forwardedForLine = forwardedForLine;
    }

    String method() {
        return new String(raw, 0, methodEnd, StandardCharsets.US_ASCII);
    }

    String target() {
        return new String(raw, targetStart, targetEnd - targetStart, StandardCharsets.ISO_8859_1);
    }

    /** The Host header's value, or null. */
    String host() {
        return hostLine < 0 ? null : value(hostLine);
    }

    private String value(int line) {
        int s = lines[3 * line], e = lines[3 * line + 1];
        while (raw[s] != ':') s++;
        s++;
        while (s < e && (raw[s] == ' ' || raw[s] == '\t')) s++;
        while (e > s && (raw[e - 1] == ' ' || raw[e - 1] == '\t')) e--;
        return new String(raw, s, e - s, StandardCharsets.ISO_8859_1);
    }

    /** The value of cookie {@code name} in the Cookie headers, or null. */
    String cookie(String name) {
        for (int i = 0; i < lineCount; i++) {
            if (!header(raw, lines[3 * i], lines[3 * i + 1], "cookie")) continue;
            String v = value(i);
            int p = 0;
            while (p < v.length()) {
                int semi = v.indexOf(';', p);
                if (semi < 0) semi = v.length();
                int eq = v.indexOf('=', p);
                if (eq > 0 && eq < semi && v.substring(p, eq).strip().equals(name)) {
                    String val = v.substring(eq + 1, semi).strip();
                    if (val.length() >= 2 && val.startsWith("\"") && val.endsWith("\"")) val = val.substring(1, val.length() - 1);
                    return val;
                }
                p = semi + 1;
            }
        }
        return null;
    }

    /**
     * Writes the head for a member: the request line as HTTP/1.1, the client's lines without
     * hop-by-hop ones, X-Forwarded-For/-Proto/-Host (replacing the client's, extending its
     * X-Forwarded-For), Host when an HTTP/1.0 client sent none, and the final empty line.
     */
    ByteBuf writeTo(ByteBuf out, String clientIp, String proto, String memberHost) {
        out.writeBytes(raw, 0, targetEnd);
        out.writeBytes(HTTP_11_CRLF);
        for (int i = 0, p = 0; i < lineCount; i++, p += 3) {
            int kind = lines[p + 2];
            if (kind == DROP || kind == UPGRADE && !websocket) continue;
            out.writeBytes(raw, lines[p], lines[p + 1] - lines[p]);
            out.writeShort(0x0d0a);
        }
        if (hostLine < 0) {
            out.writeBytes(HOST);
            out.writeCharSequence(memberHost, StandardCharsets.ISO_8859_1);
            out.writeShort(0x0d0a);
        }
        out.writeBytes(XFF);
        if (forwardedForLine >= 0) {
            out.writeCharSequence(value(forwardedForLine), StandardCharsets.ISO_8859_1);
            out.writeShort(0x2c20); // ", "
        }
        out.writeCharSequence(clientIp, StandardCharsets.ISO_8859_1);
        out.writeShort(0x0d0a);
        out.writeBytes(XFP);
        out.writeCharSequence(proto, StandardCharsets.ISO_8859_1);
        out.writeShort(0x0d0a);
        if (hostLine >= 0) {
            out.writeBytes(XFH);
            int s = lines[3 * hostLine] + 5, e = lines[3 * hostLine + 1];
            while (s < e && (raw[s] == ' ' || raw[s] == '\t')) s++;
            while (e > s && (raw[e - 1] == ' ' || raw[e - 1] == '\t')) e--;
            out.writeBytes(raw, s, e - s);
            out.writeShort(0x0d0a);
        }
        if (websocket) out.writeBytes(CONNECTION_UPGRADE);
        out.writeShort(0x0d0a);
        return out;
    }

    /** An upper bound of what {@link #writeTo} writes, given the lengths of what it adds. */
    int size(int extra) {
        return raw.length + 160 + extra + (forwardedForLine >= 0 ? raw.length : 0);
    }

    @Override
    public String toString() {
        return method() + " " + target();
    }
}
