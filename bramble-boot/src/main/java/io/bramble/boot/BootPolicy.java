package io.bramble.boot;

import java.net.InetAddress;

/**
 * Decides, per request, what a booting client gets. Implemented by the center (node lifecycle) and by
 * {@link DirectoryBootPolicy} (a plain directory). Called on many threads at once; must be thread-safe and quick.
 */
public interface BootPolicy {

    /** What to do with a TFTP read request. */
    BootDecision decide(BootRequest request);

    /** Whether to answer a DHCP boot client. By default: answer Pis, ignore everything else. */
    default DhcpDecision dhcp(DhcpClient client) {
        return client.pi() ? DhcpDecision.answer("") : DhcpDecision.ignore("not a Raspberry Pi (" + client.kind() + ")");
    }

    /**
     * Whether a TFTP client without a serial prefix is a Pi (Pis get blksize up to 1468). By default no; the center
     * answers from the addresses its nodes reported.
     */
    default boolean isPi(InetAddress client) {
        return false;
    }
}
