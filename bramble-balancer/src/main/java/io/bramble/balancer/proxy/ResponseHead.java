package io.bramble.balancer.proxy;

import io.netty.buffer.ByteBuf;

/**
 * A member's response head as it came off the wire: the original bytes, where each header line
 * sits, and the few facts the proxy acts on (status, framing, keep-alive). Writing it out copies the
 * member's own lines, minus hop-by-hop ones, instead of rebuilding them from header objects.
 */
final class ResponseHead {
    /** Line kinds. */
    static final byte KEEP = 0, HOP = 1, DROP = 2, TRANSFER_ENCODING = 3, FOLD = 4;

    private static final byte[] HTTP_11 = {'H', 'T', 'T', 'P', '/', '1', '.', '1'};

    final int status;
    /** The member spoke HTTP/1.0. */
    final boolean http10;
    /** The member's connection may carry another request after this response. */
    final boolean keepAlive;
    /** No body follows (1xx, 204, 304, or the answer to HEAD). */
    final boolean noBody;
    final boolean chunked;
    /** The body has neither length nor chunking: it ends when the member closes. */
    final boolean untilClose;
    final long contentLength;
    private final byte[] raw;
    private final int statusLineEnd;
    /** Per header line: start, end (before CR LF), kind; {@code lineCount} of them. */
    private final int[] lines;
    private final int lineCount;

    ResponseHead(int status, boolean http10, boolean keepAlive, boolean noBody, boolean chunked, boolean untilClose,
                 long contentLength, byte[] raw, int statusLineEnd, int[] lines, int lineCount) {
        this.status = status;
        this.http10 = http10;
        this.keepAlive = keepAlive;
        this.noBody = noBody;
        this.chunked = chunked;
        this.untilClose = untilClose;
        this.contentLength = contentLength;
        this.raw = raw;
        this.statusLineEnd = statusLineEnd;
        this.lines = lines;
        this.lineCount = lineCount;
    }

    /** An upper bound of what {@link #writeTo} writes. */
    int size() {
        return raw.length + 2;
    }

    /**
     * Writes the status line as HTTP/1.1 and the header lines, each ending in CR LF, without the
     * final empty line (the caller may add its own headers first). Folded lines are joined with
     * spaces. {@code all} keeps every line (a WebSocket 101 hands over Upgrade and Connection);
     * otherwise hop-by-hop lines go, and Transfer-Encoding goes unless {@code keepTransferEncoding}.
     */
    void writeTo(ByteBuf out, boolean all, boolean keepTransferEncoding) {
        out.writeBytes(HTTP_11);
        out.writeBytes(raw, 8, statusLineEnd - 8);
        out.writeShort(0x0d0a);
        boolean dropping = false;
        for (int i = 0, p = 0; i < lineCount; i++, p += 3) {
            int start = lines[p], end = lines[p + 1], kind = lines[p + 2];
            if (kind == FOLD) {
                if (dropping) continue;
                // obs-fold: the CR LF before the continuation becomes two spaces
                out.setShort(out.writerIndex() - 2, 0x2020);
            } else {
                dropping = !all && (kind == HOP || kind == DROP || kind == TRANSFER_ENCODING && !keepTransferEncoding);
                if (dropping) continue;
            }
            out.writeBytes(raw, start, end - start);
            out.writeShort(0x0d0a);
        }
    }

    @Override
    public String toString() {
        return "response head " + status + (chunked ? " chunked" : untilClose ? " until close" : " length " + contentLength);
    }
}
