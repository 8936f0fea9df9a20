package io.bramble.boot.tftp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** TFTP packets (RFC 1350, OACK of RFC 2347) and their wire format. */
public sealed interface TftpPacket {
    int RRQ = 1, WRQ = 2, DATA = 3, ACK = 4, ERROR = 5, OACK = 6;

    /** Error codes of RFC 1350 and RFC 2347. */
    int ERR_UNDEFINED = 0, ERR_NOT_FOUND = 1, ERR_ACCESS = 2, ERR_ILLEGAL = 4, ERR_UNKNOWN_TID = 5, ERR_OPTIONS = 8;

    byte[] encode();

    /** A read or write request; option names are lower-cased, values kept as sent, order kept. */
    record Request(boolean write, String filename, String mode, Map<String, String> options) implements TftpPacket {
        public Request {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        @Override
        public byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(write ? WRQ : RRQ);
            cstring(out, filename);
            cstring(out, mode);
            options.forEach((k, v) -> { cstring(out, k); cstring(out, v); });
            return out.toByteArray();
        }
    }

    /** A data block; {@code block} is the 16-bit wire number. */
    record Data(int block, byte[] data) implements TftpPacket {
        @Override
        public byte[] encode() {
            byte[] b = new byte[4 + data.length];
            b[1] = DATA;
            b[2] = (byte) (block >> 8);
            b[3] = (byte) block;
            System.arraycopy(data, 0, b, 4, data.length);
            return b;
        }
    }

    record Ack(int block) implements TftpPacket {
        @Override
        public byte[] encode() {
            return new byte[] {0, ACK, (byte) (block >> 8), (byte) block};
        }
    }

    record Error(int code, String message) implements TftpPacket {
        @Override
        public byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ERROR);
            out.write(code >> 8);
            out.write(code);
            cstring(out, message);
            return out.toByteArray();
        }
    }

    record OptionAck(Map<String, String> options) implements TftpPacket {
        public OptionAck {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        @Override
        public byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(OACK);
            options.forEach((k, v) -> { cstring(out, k); cstring(out, v); });
            return out.toByteArray();
        }
    }

    /** Parses one datagram; throws {@link TftpFormatException} saying what is wrong with it. */
    static TftpPacket decode(byte[] buf, int offset, int length) {
        if (length < 4) throw new TftpFormatException("packet of " + length + " bytes is shorter than any TFTP packet");
        int opcode = u16(buf, offset);
        int end = offset + length;
        switch (opcode) {
            case RRQ, WRQ -> {
                int[] pos = {offset + 2};
                String filename = readString(buf, pos, end, "filename");
                String mode = readString(buf, pos, end, "mode").toLowerCase(Locale.ROOT);
                Map<String, String> options = new LinkedHashMap<>();
                while (pos[0] < end) {
                    String name = readString(buf, pos, end, "option name").toLowerCase(Locale.ROOT);
                    String value = readString(buf, pos, end, "value of option " + name);
                    if (name.isEmpty()) throw new TftpFormatException("empty option name");
                    options.putIfAbsent(name, value);
                }
                return new Request(opcode == WRQ, filename, mode, options);
            }
            case DATA -> {
                byte[] data = new byte[length - 4];
                System.arraycopy(buf, offset + 4, data, 0, data.length);
                return new Data(u16(buf, offset + 2), data);
            }
            case ACK -> {
                return new Ack(u16(buf, offset + 2));
            }
            case ERROR -> {
                int[] pos = {offset + 4};
                String message = pos[0] < end ? readLenient(buf, pos[0], end) : "";
                return new Error(u16(buf, offset + 2), message);
            }
            case OACK -> {
                int[] pos = {offset + 2};
                Map<String, String> options = new LinkedHashMap<>();
                while (pos[0] < end) {
                    String name = readString(buf, pos, end, "option name").toLowerCase(Locale.ROOT);
                    options.put(name, readString(buf, pos, end, "value of option " + name));
                }
                return new OptionAck(options);
            }
            default -> throw new TftpFormatException("unknown opcode " + opcode);
        }
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static String readString(byte[] buf, int[] pos, int end, String what) {
        int start = pos[0];
        for (int i = start; i < end; i++) {
            if (buf[i] == 0) {
                pos[0] = i + 1;
                return new String(buf, start, i - start, StandardCharsets.ISO_8859_1);
            }
        }
        throw new TftpFormatException(what + " is not terminated by a zero byte");
    }

    private static String readLenient(byte[] buf, int start, int end) {
        int i = start;
        while (i < end && buf[i] != 0) i++;
        return new String(buf, start, i - start, StandardCharsets.ISO_8859_1);
    }

    private static void cstring(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
    }
}
