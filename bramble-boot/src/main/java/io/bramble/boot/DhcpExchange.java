package io.bramble.boot;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One DHCP request and what was done with it.
 *
 * @param from        where the request came from (0.0.0.0 for a client without an address)
 * @param port        the server port it arrived on (67 or 4011)
 * @param messageType DHCP message type name, e.g. DISCOVER
 * @param client      the classified client, or null when the packet could not be parsed
 * @param answered    whether a reply was sent
 * @param reply       the reply's message type (OFFER, ACK, NAK) or "" when none
 * @param offered     the address offered in standalone mode, or ""
 * @param detail      why it was ignored, or what was sent
 */
public record DhcpExchange(Instant time, InetSocketAddress from, int port, String messageType, DhcpClient client,
                           boolean answered, String reply, String offered, String detail) {
    @Override
    public String toString() {
        return "dhcp " + messageType + " from " + (client == null ? "?" : client.mac() + " " + client.kind()) + " via "
                + from.getAddress().getHostAddress() + ":" + from.getPort() + " on port " + port + ": "
                + (answered ? reply + (offered.isEmpty() ? "" : " " + offered) : "ignored") + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
