package io.bramble.balancer.manager;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block such as {@code 10.0.0.0/24} or {@code ::1/128}; a bare address means just that address. */
public record Cidr(byte[] network, int prefix) {

    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty address block; write e.g. 10.0.0.0/24");
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+"))
            throw new IllegalArgumentException("'" + text + "' is not an address block such as 10.0.0.0/24 (names are not allowed)");
        byte[] net;
        try {
            net = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address block such as 10.0.0.0/24");
        }
        int max = net.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a bad prefix length; write e.g. 10.0.0.0/24");
        }
        if (prefix < 0 || prefix > max) throw new IllegalArgumentException("'" + text + "': prefix must be between 0 and " + max);
        return new Cidr(net, prefix);
    }

    public boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != network.length) {
            // IPv4-mapped IPv6 (::ffff:a.b.c.d) against an IPv4 block
            if (b.length == 16 && network.length == 4 && isMapped(b)) {
                byte[] v4 = new byte[4];
                System.arraycopy(b, 12, v4, 0, 4);
                b = v4;
            } else {
                return false;
            }
        }
        int full = prefix / 8, rest = prefix % 8;
        for (int i = 0; i < full; i++) if (b[i] != network[i]) return false;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (b[full] & mask) == (network[full] & mask);
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
