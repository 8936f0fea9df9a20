package io.bramble.boot;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One TFTP read request as the {@link BootPolicy} sees it.
 *
 * @param client        the client's address and port
 * @param mac           the client's MAC ({@code aa:bb:cc:dd:ee:ff}) when DHCP told us, else null
 * @param serial        the Pi's serial (the first path element, 8 hex digits, lower case), else null
 * @param path          the normalised path after the serial prefix (the whole path when there is no prefix)
 * @param requestedPath the normalised path as the client asked for it
 * @param pi            whether the client is taken for a Raspberry Pi (serial prefix, Pi MAC, DHCP vendor class or the policy)
 */
public record BootRequest(InetSocketAddress client, String mac, String serial, String path, String requestedPath, boolean pi) {
    public BootRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(requestedPath, "requestedPath");
    }
}
