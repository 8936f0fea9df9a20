package io.bramble.balancer.proxy;

import static io.bramble.balancer.proxy.HttpBytes.control;
import static io.bramble.balancer.proxy.HttpBytes.tchar;

import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * Walks the chunk framing of one chunked body (RFC 9112 7.1) as it arrives: passes framing and data
 * on as raw slices, or only the data when decoding. Strict on purpose (CR LF everywhere, hex sizes
 * without spaces, plain-text extensions and trailers): the framing is forwarded as is, so anything
 * the next hop could read differently is refused instead.
 */
final class ChunkedBody {
    private static final int SIZE = 0, DATA = 1, DATA_END = 2, TRAILERS = 3, DONE = 4;
    private static final int MAX_CHUNK_LINE = 4096;

    private final int maxTrailerBytes;
    private int state = SIZE;
    private long remaining;
    private int trailerBytes;

    ChunkedBody(int maxTrailerBytes) {
        this.maxTrailerBytes = maxTrailerBytes;
    }

    /** Starts a new body. */
    void reset() {
        state = SIZE;
        remaining = 0;
        trailerBytes = 0;
    }

    /** True once the last chunk and the trailers have been read. */
    boolean done() {
        return state == DONE;
    }

    /**
     * Reads what it can from {@code in} (moving its reader index) and adds slices to {@code out};
     * returns why the framing is broken, or null.
     */
    String read(ByteBuf in, List<Object> out, boolean dechunk) {
        int pos = in.readerIndex(), limit = in.writerIndex();
        int passStart = pos;
        String error = null;
        loop:
        while (true) {
            switch (state) {
                case DATA -> {
                    int n = (int) Math.min(remaining, limit - pos);
                    if (dechunk && n > 0) out.add(in.retainedSlice(pos, n));
                    pos += n;
                    remaining -= n;
                    if (remaining > 0) break loop;
                    state = DATA_END;
                }
                case DATA_END -> {
                    if (limit - pos < 2) break loop;
                    if (in.getByte(pos) != '\r' || in.getByte(pos + 1) != '\n') {
                        error = "chunk data not followed by CR LF";
                        break loop;
                    }
                    pos += 2;
                    state = SIZE;
                }
                case SIZE -> {
                    int lf = in.indexOf(pos, limit, (byte) '\n');
                    if (lf < 0) {
                        if (limit - pos > MAX_CHUNK_LINE) error = "chunk size line longer than " + MAX_CHUNK_LINE + " bytes";
                        break loop;
                    }
                    long size = chunkSize(in, pos, lf);
                    if (size < 0) {
                        error = "invalid chunk size line";
                        break loop;
                    }
                    pos = lf + 1;
                    if (size == 0) {
                        state = TRAILERS;
                    } else {
                        state = DATA;
                        remaining = size;
                    }
                }
                case TRAILERS -> {
                    int lf = in.indexOf(pos, limit, (byte) '\n');
                    if (lf < 0) {
                        if (trailerBytes + limit - pos > maxTrailerBytes) error = "trailers larger than " + maxTrailerBytes + " bytes";
                        break loop;
                    }
                    if (lf == pos || in.getByte(lf - 1) != '\r') {
                        error = "trailer line without CR LF";
                        break loop;
                    }
                    trailerBytes += lf + 1 - pos;
                    if (trailerBytes > maxTrailerBytes) {
                        error = "trailers larger than " + maxTrailerBytes + " bytes";
                        break loop;
                    }
                    if (lf != pos + 1 && !trailerLine(in, pos, lf - 1)) {
                        error = "invalid trailer line";
                        break loop;
                    }
                    if (lf == pos + 1) state = DONE;
                    pos = lf + 1;
                }
                default -> {
                    break loop;
                }
            }
        }
        if (error != null) return error;
        if (!dechunk && pos > passStart) out.add(in.retainedSlice(passStart, pos - passStart));
        in.readerIndex(pos);
        return null;
    }

    /** The size on a chunk line [from, lf), which must end in CR LF; -1 when invalid. */
    private static long chunkSize(ByteBuf in, int from, int lf) {
        if (lf == from || in.getByte(lf - 1) != '\r') return -1;
        int end = lf - 1;
        long size = 0;
        int i = from;
        for (; i < end; i++) {
            int d = Character.digit(in.getByte(i), 16);
            if (d < 0) break;
            if (i - from >= 15) return -1;
            size = size * 16 + d;
        }
        if (i == from) return -1;
        if (i < end) {
            // chunk extensions: BWS ";" ... ; ignored but passed on, so they must be plain text
            int j = i;
            while (j < end && (in.getByte(j) == ' ' || in.getByte(j) == '\t')) j++;
            if (j == end || in.getByte(j) != ';') return -1;
            for (; j < end; j++) if (control(in.getByte(j))) return -1;
        }
        return size;
    }

    private static boolean trailerLine(ByteBuf in, int from, int end) {
        int colon = from;
        while (colon < end && tchar(in.getByte(colon))) colon++;
        if (colon == from || colon == end || in.getByte(colon) != ':') return false;
        for (int i = colon + 1; i < end; i++) if (control(in.getByte(i))) return false;
        return true;
    }
}
