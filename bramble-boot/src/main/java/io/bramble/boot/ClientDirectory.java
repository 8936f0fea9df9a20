package io.bramble.boot;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the DHCP side learnt about boot clients (address → MAC, Pi or not), so a later TFTP request from the same
 * address can name its MAC and be treated as a Pi. Bounded: it forgets everything once it holds too many entries.
 */
public final class ClientDirectory {
    /** A client seen by DHCP. */
    public record Seen(String mac, boolean pi) {}

    private final Map<InetAddress, Seen> byAddress = new ConcurrentHashMap<>();
    private final int limit;

    public ClientDirectory() {
        this(65_536);
    }

    public ClientDirectory(int limit) {
        this.limit = limit;
    }

    public void remember(InetAddress address, String mac, boolean pi) {
        if (address == null || address.isAnyLocalAddress()) return;
        if (byAddress.size() >= limit) byAddress.clear();
        byAddress.put(address, new Seen(mac, pi));
    }

    /** What is known about this address, or null. */
    public Seen lookup(InetAddress address) {
        return byAddress.get(address);
    }
}
