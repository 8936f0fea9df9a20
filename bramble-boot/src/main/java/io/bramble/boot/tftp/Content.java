package io.bramble.boot.tftp;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The bytes of one transfer, read by position so any window can be sent again. */
interface Content extends Closeable {
    long size();

    /** Reads exactly {@code length} bytes at {@code position} into {@code dst}. */
    void read(long position, byte[] dst, int offset, int length) throws IOException;

    @Override
    default void close() throws IOException {}

    static Content of(byte[] bytes) {
        return new Content() {
            @Override
            public long size() { return bytes.length; }

            @Override
            public void read(long position, byte[] dst, int offset, int length) {
                System.arraycopy(bytes, (int) position, dst, offset, length);
            }
        };
    }

    /**
     * A file read in chunks of at least 64 KiB: one pread per chunk instead of one per block (tftpd-hpa reads through
     * stdio buffers for the same reason). A window sent again usually lies inside the current chunk.
     */
    static Content open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        long size = channel.size();
        return new Content() {
            private byte[] chunk;
            private long chunkStart;
            private int chunkLength;

            @Override
            public long size() { return size; }

            @Override
            public void read(long position, byte[] dst, int offset, int length) throws IOException {
                if (position < chunkStart || position + length > chunkStart + chunkLength) fill(position, length);
                System.arraycopy(chunk, (int) (position - chunkStart), dst, offset, length);
            }

            private void fill(long position, int atLeast) throws IOException {
                int want = (int) Math.min(size - position, Math.max(64 * 1024, atLeast));
                if (chunk == null || chunk.length < want) chunk = new byte[Math.max(want, Math.min((int) Math.min(size, Integer.MAX_VALUE), 64 * 1024))];
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, want);
                long at = position;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, at);
                    if (n < 0) throw new EOFException(file + " became shorter during the transfer");
                    at += n;
                }
                chunkStart = position;
                chunkLength = want;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    /** Converts to netascii (RFC 764): LF becomes CR LF, a lone CR becomes CR NUL. */
    static byte[] toNetascii(Content content, int limit) throws IOException {
        if (content.size() > limit) throw new IOException("netascii transfers are limited to " + limit + " bytes; use octet mode");
        byte[] raw = new byte[(int) content.size()];
        content.read(0, raw, 0, raw.length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length + raw.length / 16);
        for (byte b : raw) {
            if (b == '\n') { out.write('\r'); out.write('\n'); }
            else if (b == '\r') { out.write('\r'); out.write(0); }
            else out.write(b);
        }
        return out.toByteArray();
    }
}
