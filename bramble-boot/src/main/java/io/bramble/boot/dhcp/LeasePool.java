package io.bramble.boot.dhcp;

import java.net.Inet4Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Addresses of the standalone mode's lease range, held in memory: a client keeps its address while its lease runs
 * and gets the same one back when free. Leases do not survive a restart (clients renew or rebind).
 */
final class LeasePool {
    private final int first;
    private final int last;
    private final Duration leaseTime;
    private final Clock clock;
    private final Map<Integer, Lease> byAddress = new HashMap<>();
    private final Map<String, Integer> byMac = new HashMap<>();

    record Lease(String mac, Instant expires) {}

    LeasePool(String range, Duration leaseTime, Clock clock) {
        String[] ends = range.split("-");
        if (ends.length != 2) throw new IllegalArgumentException("lease range '" + range + "' must be first-last, e.g. 192.168.1.100-192.168.1.199");
        this.first = Subnet.toInt(DhcpPacket.v4(Subnet.literal(ends[0])));
        this.last = Subnet.toInt(DhcpPacket.v4(Subnet.literal(ends[1])));
        if (Integer.compareUnsigned(first, last) > 0) throw new IllegalArgumentException("lease range '" + range + "' ends before it starts");
        this.leaseTime = leaseTime;
        this.clock = clock;
    }

    Duration leaseTime() { return leaseTime; }

    boolean inRange(Inet4Address a) {
        int v = Subnet.toInt(a);
        return Integer.compareUnsigned(v, first) >= 0 && Integer.compareUnsigned(v, last) <= 0;
    }

    /** The address to offer {@code mac}: its current one, the one it asks for when free, or the first free one; null when full. */
    synchronized Inet4Address offer(String mac, Inet4Address requested) {
        Instant now = clock.instant();
        Integer mine = byMac.get(mac);
        if (mine != null) return hold(mine, mac, now);
        if (requested != null && inRange(requested) && free(Subnet.toInt(requested), now)) return hold(Subnet.toInt(requested), mac, now);
        for (long v = first & 0xffffffffL; v <= (last & 0xffffffffL); v++) {
            if (free((int) v, now)) return hold((int) v, mac, now);
        }
        return null;
    }

    /** Confirms {@code address} for {@code mac} (a REQUEST); false when it belongs to someone else or lies outside the range. */
    synchronized boolean confirm(String mac, Inet4Address address) {
        if (!inRange(address)) return false;
        int v = Subnet.toInt(address);
        Instant now = clock.instant();
        Lease l = byAddress.get(v);
        if (l != null && !l.mac().equals(mac) && l.expires().isAfter(now)) return false;
        Integer old = byMac.get(mac);
        if (old != null && old != v) byAddress.remove(old);
        hold(v, mac, now);
        return true;
    }

    synchronized void release(String mac) {
        Integer v = byMac.remove(mac);
        if (v != null) byAddress.remove(v);
    }

    synchronized int size() {
        return byAddress.size();
    }

    private boolean free(int v, Instant now) {
        Lease l = byAddress.get(v);
        if (l == null) return true;
        if (l.expires().isAfter(now)) return false;
        byMac.remove(l.mac());
        byAddress.remove(v);
        return true;
    }

    private Inet4Address hold(int v, String mac, Instant now) {
        byAddress.put(v, new Lease(mac, now.plus(leaseTime)));
        byMac.put(mac, v);
        return Subnet.fromInt(v);
    }
}
