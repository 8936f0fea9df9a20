package io.bramble.boot.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An IPv4 network in CIDR form, e.g. {@code 192.168.1.0/24}. */
public record Subnet(int network, int prefix) {
    public Subnet {
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix length must be between 0 and 32 (got " + prefix + ")");
        network &= mask(prefix);
    }

    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("'" + cidr + "' is not a subnet; write it as address/prefix, e.g. 192.168.1.0/24");
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length; e.g. 192.168.1.0/24");
        }
        return new Subnet(toInt(DhcpPacket.v4(literal(cidr.substring(0, slash)))), prefix);
    }

    public boolean contains(InetAddress address) {
        return address instanceof Inet4Address v4 && (toInt(v4) & mask(prefix)) == network;
    }

    public Inet4Address mask() {
        return DhcpPacket.v4(DhcpPacket.u32(mask(prefix) & 0xffffffffL));
    }

    public static int toInt(Inet4Address a) {
        return DhcpPacket.u32(a.getAddress(), 0);
    }

    public static Inet4Address fromInt(int v) {
        return DhcpPacket.v4(DhcpPacket.u32(v & 0xffffffffL));
    }

    /** A literal IPv4 address (never a host name). */
    public static Inet4Address address(String text) {
        return DhcpPacket.v4(literal(text));
    }

    /** Refuses host names: config values must be literal addresses (no DNS lookups at start-up). */
    static String literal(String text) {
        String t = text.strip();
        if (!t.matches("\\d{1,3}(\\.\\d{1,3}){3}")) throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        return t;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    @Override
    public String toString() {
        return fromInt(network).getHostAddress() + "/" + prefix;
    }
}
