package io.bramble.boot.dhcp;

/** A datagram that is not a well-formed BOOTP/DHCP packet; the message says what is wrong. */
public final class DhcpFormatException extends IllegalArgumentException {
    public DhcpFormatException(String message) {
        super(message);
    }
}
