package io.bramble.boot;

import java.time.Clock;

import io.bramble.boot.dhcp.DhcpServer;
import io.bramble.boot.tftp.TftpServer;

/**
 * The network-boot services as one unit for the center and the demo: TFTP and, when enabled, ProxyDHCP (or standalone
 * DHCP), sharing what DHCP learnt about clients. Start, read the bound ports, close.
 */
public final class BootServices implements AutoCloseable {
    private final BootConfig config;
    private final BootPolicy policy;
    private final Clock clock;
    private final BootLog log;
    private final ClientDirectory clients = new ClientDirectory();
    private TftpServer tftp;
    private DhcpServer dhcp;

    public BootServices(BootConfig config, BootPolicy policy, Clock clock, BootLog log) {
        this.config = config;
        this.policy = policy;
        this.clock = clock;
        this.log = log;
    }

    /** Starts what the config enables; on failure nothing is left running. */
    public synchronized BootServices start() {
        try {
            if (config.tftp().enabled()) tftp = new TftpServer(config.tftp(), policy, log, clock, clients).start();
            if (config.dhcp().enabled()) dhcp = new DhcpServer(config.dhcp(), policy, log, clock, clients).start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** The bound TFTP port, or -1 when TFTP is off. */
    public int tftpPort() {
        return tftp == null ? -1 : tftp.port();
    }

    /** The bound DHCP port (67 unless configured), or -1 when DHCP is off. */
    public int dhcpPort() {
        return dhcp == null ? -1 : dhcp.port();
    }

    /** The bound PXE port (4011 unless configured), or -1 when DHCP is off. */
    public int pxePort() {
        return dhcp == null ? -1 : dhcp.pxePort();
    }

    /** Transfers in progress. */
    public int activeTransfers() {
        return tftp == null ? 0 : tftp.activeTransfers();
    }

    public ClientDirectory clients() {
        return clients;
    }

    @Override
    public synchronized void close() {
        if (dhcp != null) dhcp.close();
        if (tftp != null) tftp.close();
        dhcp = null;
        tftp = null;
    }
}
