package io.bramble.boot;

import java.nio.file.Path;
import java.time.Duration;

import io.bramble.boot.dhcp.Subnet;
import io.bramble.core.config.ConfigValueException;

/**
 * Settings of the network-boot services (the {@code boot:} section of center.yaml, or a file of its own).
 * Every key has a default; see docs/netboot.md.
 */
public record BootConfig(Tftp tftp, Dhcp dhcp) {
    public BootConfig {
        tftp = tftp == null ? new Tftp(null, null, null, null, null, null, null, null, null, null, null) : tftp;
        dhcp = dhcp == null ? new Dhcp(null, null, null, null, null, null, null, null, null, null, null, null) : dhcp;
    }

    /** All defaults: TFTP on port 69, DHCP off. */
    public static BootConfig defaults() {
        return new BootConfig(null, null);
    }

    /** The TFTP server. */
    public record Tftp(Boolean enabled, String listen, Integer port, Path root, Integer maxBlksizePi, Integer maxBlksize,
                       Integer maxWindowsize, Duration timeout, Integer retries, Integer maxTransfers, Integer cacheMegabytes) {
        public Tftp {
            enabled = enabled == null || enabled;
            listen = listen == null || listen.isBlank() ? "0.0.0.0" : listen.strip();
            port = ConfigValueException.requireBetween("port", port == null ? 69 : port, 0, 65535);
            maxBlksizePi = ConfigValueException.requireBetween("maxBlksizePi", maxBlksizePi == null ? 1468 : maxBlksizePi, 512, 1468);
            maxBlksize = ConfigValueException.requireBetween("maxBlksize", maxBlksize == null ? 65464 : maxBlksize, 512, 65464);
            maxWindowsize = ConfigValueException.requireBetween("maxWindowsize", maxWindowsize == null ? 64 : maxWindowsize, 1, 256);
            timeout = ConfigValueException.requireBetween("timeout", timeout == null ? Duration.ofSeconds(1) : timeout,
                    Duration.ofMillis(10), Duration.ofSeconds(255));
            retries = ConfigValueException.requireBetween("retries", retries == null ? 5 : retries, 1, 50);
            maxTransfers = ConfigValueException.requireBetween("maxTransfers", maxTransfers == null ? 1000 : maxTransfers, 1, 100_000);
            cacheMegabytes = ConfigValueException.requireBetween("cacheMegabytes", cacheMegabytes == null ? 64 : cacheMegabytes, 0, 4096);
        }

        /** Same settings on another port (tests and the demo use port 0: any free port). */
        public Tftp withPort(int newPort) {
            return new Tftp(enabled, listen, newPort, root, maxBlksizePi, maxBlksize, maxWindowsize, timeout, retries, maxTransfers, cacheMegabytes);
        }
    }

    /** How the DHCP side runs: beside the site's DHCP server (proxy) or as the only one (standalone, with a lease range). */
    public enum DhcpMode {
        PROXY, STANDALONE;

        /** Config files write the mode in lower case. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static DhcpMode of(String text) {
            for (DhcpMode m : values()) if (m.name().equalsIgnoreCase(text.strip())) return m;
            throw new IllegalArgumentException("'" + text + "' is not a DHCP mode; use proxy or standalone");
        }
    }

    /** The ProxyDHCP (or standalone DHCP) server. */
    public record Dhcp(Boolean enabled, DhcpMode mode, String listen, String serverAddress, String subnet,
                       Integer port, Integer pxePort, Integer clientPort,
                       String leaseRange, Duration leaseTime, String router, String dns) {
        public Dhcp {
            enabled = enabled != null && enabled;
            mode = mode == null ? DhcpMode.PROXY : mode;
            listen = listen == null || listen.isBlank() ? "0.0.0.0" : listen.strip();
            serverAddress = serverAddress == null ? "" : serverAddress.strip();
            subnet = subnet == null ? "" : subnet.strip();
            port = ConfigValueException.requireBetween("port", port == null ? 67 : port, 0, 65535);
            pxePort = ConfigValueException.requireBetween("pxePort", pxePort == null ? 4011 : pxePort, 0, 65535);
            clientPort = ConfigValueException.requireBetween("clientPort", clientPort == null ? 68 : clientPort, 1, 65535);
            leaseRange = leaseRange == null ? "" : leaseRange.strip();
            leaseTime = ConfigValueException.requireBetween("leaseTime", leaseTime == null ? Duration.ofHours(1) : leaseTime,
                    Duration.ofMinutes(1), Duration.ofDays(30));
            router = router == null ? "" : router.strip();
            dns = dns == null ? "" : dns.strip();
            if (enabled) {
                if (serverAddress.isEmpty())
                    throw new ConfigValueException("serverAddress", "is required when DHCP is enabled: the address Pis use to reach TFTP, e.g. 192.168.1.10");
                if (subnet.isEmpty())
                    throw new ConfigValueException("subnet", "is required when DHCP is enabled: the boot network, e.g. 192.168.1.0/24");
                if (mode == DhcpMode.STANDALONE && leaseRange.isEmpty())
                    throw new ConfigValueException("leaseRange", "is required in standalone mode, e.g. 192.168.1.100-192.168.1.199");
            }
            check("serverAddress", serverAddress, Subnet::address);
            check("subnet", subnet, Subnet::parse);
            check("router", router, Subnet::address);
            check("dns", dns, Subnet::address);
            if (!leaseRange.isEmpty()) {
                String[] ends = leaseRange.split("-");
                if (ends.length != 2) throw new ConfigValueException("leaseRange", "must be first-last, e.g. 192.168.1.100-192.168.1.199 (got '" + leaseRange + "')");
                check("leaseRange", ends[0], Subnet::address);
                check("leaseRange", ends[1], Subnet::address);
            }
        }

        private static void check(String key, String value, java.util.function.Function<String, ?> parser) {
            if (value.isEmpty()) return;
            try {
                parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw new ConfigValueException(key, e.getMessage());
            }
        }

        /** Same settings on other ports (tests use high ports). */
        public Dhcp withPorts(int newPort, int newPxePort, int newClientPort) {
            return new Dhcp(enabled, mode, listen, serverAddress, subnet, newPort, newPxePort, newClientPort, leaseRange, leaseTime, router, dns);
        }
    }
}
