package io.bramble.boot.dhcp;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BOOTP/DHCP packet (RFC 2131) with its options in order. Options that appear more than once are joined
 * (RFC 3396); the sname and file fields are parsed for options when option 52 says so.
 */
public record DhcpPacket(int op, int htype, int hlen, int hops, int xid, int secs, int flags,
                         Inet4Address ciaddr, Inet4Address yiaddr, Inet4Address siaddr, Inet4Address giaddr,
                         byte[] chaddr, String sname, String file, Map<Integer, byte[]> options) {

    public static final int BOOTREQUEST = 1, BOOTREPLY = 2;
    public static final int MAGIC_COOKIE = 0x63825363;
    /** Replies are padded to this size: some PXE ROMs drop shorter packets. */
    public static final int MIN_SIZE = 300;
    public static final Inet4Address ANY = v4("0.0.0.0");

    // options
    public static final int OPT_PAD = 0, OPT_SUBNET_MASK = 1, OPT_ROUTER = 3, OPT_DNS = 6, OPT_HOSTNAME = 12,
            OPT_VENDOR_SPECIFIC = 43, OPT_REQUESTED_IP = 50, OPT_LEASE_TIME = 51, OPT_OVERLOAD = 52, OPT_MESSAGE_TYPE = 53,
            OPT_SERVER_ID = 54, OPT_PARAMETER_LIST = 55, OPT_MESSAGE = 56, OPT_MAX_SIZE = 57, OPT_RENEWAL = 58, OPT_REBINDING = 59,
            OPT_VENDOR_CLASS = 60, OPT_CLIENT_ID = 61, OPT_TFTP_SERVER = 66, OPT_BOOTFILE = 67, OPT_USER_CLASS = 77,
            OPT_CLIENT_ARCH = 93, OPT_CLIENT_NDI = 94, OPT_CLIENT_UUID = 97, OPT_END = 255;

    // message types (option 53)
    public static final int DISCOVER = 1, OFFER = 2, REQUEST = 3, DECLINE = 4, ACK = 5, NAK = 6, RELEASE = 7, INFORM = 8;

    public DhcpPacket {
        if (hlen < 0 || hlen > 16) throw new DhcpFormatException("hardware address length " + hlen + " is over 16");
        chaddr = Arrays.copyOf(chaddr, 16);
        sname = sname == null ? "" : sname;
        file = file == null ? "" : file;
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Parses one datagram. */
    public static DhcpPacket decode(byte[] b, int length) {
        if (length < 240) throw new DhcpFormatException("packet of " + length + " bytes is shorter than a DHCP packet (240)");
        if (b.length < length) throw new DhcpFormatException("buffer shorter than the stated length");
        int op = b[0] & 0xff;
        if (op != BOOTREQUEST && op != BOOTREPLY) throw new DhcpFormatException("op " + op + " is neither request nor reply");
        int hlen = b[2] & 0xff;
        if (hlen > 16) throw new DhcpFormatException("hardware address length " + hlen + " is over 16");
        if (u32(b, 236) != MAGIC_COOKIE) throw new DhcpFormatException("no DHCP magic cookie (a plain BOOTP packet)");
        Map<Integer, ByteArrayOutputStream> raw = new LinkedHashMap<>();
        parseOptions(b, 240, length, raw);
        int overload = raw.containsKey(OPT_OVERLOAD) && raw.get(OPT_OVERLOAD).size() == 1 ? raw.get(OPT_OVERLOAD).toByteArray()[0] : 0;
        if ((overload & 1) != 0) parseOptions(b, 108, 236, raw);
        if ((overload & 2) != 0) parseOptions(b, 44, 108, raw);
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        raw.forEach((k, v) -> options.put(k, v.toByteArray()));
        return new DhcpPacket(op, b[1] & 0xff, hlen, b[3] & 0xff, u32(b, 4), u16(b, 8), u16(b, 10),
                addr(b, 12), addr(b, 16), addr(b, 20), addr(b, 24), Arrays.copyOfRange(b, 28, 44),
                (overload & 2) != 0 ? "" : cstring(b, 44, 64), (overload & 1) != 0 ? "" : cstring(b, 108, 128), options);
    }

    private static void parseOptions(byte[] b, int from, int to, Map<Integer, ByteArrayOutputStream> into) {
        int i = from;
        while (i < to) {
            int code = b[i] & 0xff;
            if (code == OPT_END) return;
            if (code == OPT_PAD) { i++; continue; }
            if (i + 1 >= to) throw new DhcpFormatException("option " + code + " is cut off before its length");
            int len = b[i + 1] & 0xff;
            if (i + 2 + len > to) throw new DhcpFormatException("option " + code + " of " + len + " bytes runs past the end of the packet");
            into.computeIfAbsent(code, k -> new ByteArrayOutputStream()).write(b, i + 2, len);
            i += 2 + len;
        }
    }

    /** The wire form: options in insertion order, long ones split (RFC 3396), END, padded to {@link #MIN_SIZE}. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(576);
        out.write(op);
        out.write(htype);
        out.write(hlen);
        out.write(hops);
        putU32(out, xid);
        out.write(secs >> 8);
        out.write(secs);
        out.write(flags >> 8);
        out.write(flags);
        out.writeBytes(ciaddr.getAddress());
        out.writeBytes(yiaddr.getAddress());
        out.writeBytes(siaddr.getAddress());
        out.writeBytes(giaddr.getAddress());
        out.writeBytes(chaddr);
        out.writeBytes(fixed(sname, 64));
        out.writeBytes(fixed(file, 128));
        putU32(out, MAGIC_COOKIE);
        options.forEach((code, value) -> {
            int at = 0;
            do {
                int len = Math.min(255, value.length - at);
                out.write(code);
                out.write(len);
                out.write(value, at, len);
                at += len;
            } while (at < value.length);
        });
        out.write(OPT_END);
        while (out.size() < MIN_SIZE) out.write(0);
        return out.toByteArray();
    }

    public byte[] option(int code) {
        return options.get(code);
    }

    public String optionText(int code) {
        byte[] v = options.get(code);
        if (v == null) return "";
        int n = v.length;
        while (n > 0 && v[n - 1] == 0) n--; // some clients terminate strings with NUL
        return new String(v, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Option 53, or 0 for plain BOOTP. */
    public int messageType() {
        byte[] v = options.get(OPT_MESSAGE_TYPE);
        return v != null && v.length == 1 ? v[0] & 0xff : 0;
    }

    /** The client hardware address as {@code aa:bb:cc:dd:ee:ff}. */
    public String mac() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < hlen; i++) {
            if (i > 0) s.append(':');
            s.append(String.format("%02x", chaddr[i] & 0xff));
        }
        return s.toString();
    }

    public static String typeName(int type) {
        return switch (type) {
            case DISCOVER -> "DISCOVER";
            case OFFER -> "OFFER";
            case REQUEST -> "REQUEST";
            case DECLINE -> "DECLINE";
            case ACK -> "ACK";
            case NAK -> "NAK";
            case RELEASE -> "RELEASE";
            case INFORM -> "INFORM";
            case 0 -> "BOOTP";
            default -> "TYPE" + type;
        };
    }

    public static Inet4Address v4(String text) {
        try {
            InetAddress a = InetAddress.getByName(text);
            if (a instanceof Inet4Address v4) return v4;
        } catch (UnknownHostException e) {
            // fall through
        }
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
    }

    public static Inet4Address v4(byte[] four) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOf(four, 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] b) {
        return b == null ? "" : HexFormat.of().formatHex(b);
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    static int u32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    private static void putU32(ByteArrayOutputStream out, int v) {
        out.writeBytes(u32(v & 0xffffffffL));
    }

    private static Inet4Address addr(byte[] b, int at) {
        return v4(Arrays.copyOfRange(b, at, at + 4));
    }

    private static String cstring(byte[] b, int at, int max) {
        int n = 0;
        while (n < max && b[at + n] != 0) n++;
        return new String(b, at, n, StandardCharsets.ISO_8859_1);
    }

    private static byte[] fixed(String s, int size) {
        byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
        if (v.length >= size) throw new IllegalArgumentException("'" + s + "' does not fit the " + size + "-byte field");
        return Arrays.copyOf(v, size);
    }

    /** Builds packets; options keep the order they are added in. */
    public static final class Builder {
        private int op = BOOTREPLY, htype = 1, hlen = 6, hops, xid, secs, flags;
        private Inet4Address ciaddr = ANY, yiaddr = ANY, siaddr = ANY, giaddr = ANY;
        private byte[] chaddr = new byte[16];
        private String sname = "", file = "";
        private final Map<Integer, byte[]> options = new LinkedHashMap<>();

        public Builder op(int v) { op = v; return this; }
        public Builder hardware(int type, byte[] address) { htype = type; hlen = address.length; chaddr = address; return this; }
        public Builder xid(int v) { xid = v; return this; }
        public Builder secs(int v) { secs = v; return this; }
        public Builder flags(int v) { flags = v; return this; }
        public Builder ciaddr(Inet4Address v) { ciaddr = v; return this; }
        public Builder yiaddr(Inet4Address v) { yiaddr = v; return this; }
        public Builder siaddr(Inet4Address v) { siaddr = v; return this; }
        public Builder giaddr(Inet4Address v) { giaddr = v; return this; }
        public Builder sname(String v) { sname = v; return this; }
        public Builder file(String v) { file = v; return this; }
        public Builder option(int code, byte[] value) { options.put(code, value.clone()); return this; }
        public Builder option(int code, String value) { return option(code, value.getBytes(StandardCharsets.ISO_8859_1)); }
        public Builder option(int code, Inet4Address value) { return option(code, value.getAddress()); }
        public Builder messageType(int type) { return option(OPT_MESSAGE_TYPE, new byte[] {(byte) type}); }

        public DhcpPacket build() {
            return new DhcpPacket(op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname, file, options);
        }
    }

    /** A builder for a reply to {@code request}: same xid, flags, giaddr and hardware address. */
    public static Builder replyTo(DhcpPacket request) {
        Builder b = new Builder().op(BOOTREPLY).hardware(request.htype(), Arrays.copyOf(request.chaddr(), request.hlen()))
                .xid(request.xid()).flags(request.flags()).giaddr(request.giaddr());
        return b;
    }

    /** Options as code → hex, for logs and test failure messages. */
    public List<String> describeOptions() {
        List<String> out = new ArrayList<>();
        options.forEach((k, v) -> out.add(k + "=" + hex(v)));
        return out;
    }
}
