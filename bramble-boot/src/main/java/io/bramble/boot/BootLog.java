package io.bramble.boot;

/**
 * Receives every TFTP request and DHCP exchange once it is over, so the center can record and show them. Called on the
 * servers' threads: keep it quick and never throw.
 */
public interface BootLog {
    default void transfer(TransferRecord record) {}

    default void dhcp(DhcpExchange exchange) {}

    /** Logs through SLF4J only. */
    static BootLog slf4j() {
        return new BootLog() {};
    }
}
