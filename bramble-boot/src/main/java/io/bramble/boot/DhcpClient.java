package io.bramble.boot;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A DHCP client asking to boot, as the {@link BootPolicy} sees it.
 *
 * @param mac         hardware address, {@code aa:bb:cc:dd:ee:ff}
 * @param address     the client's current address (ciaddr) or null when it has none yet
 * @param kind        what kind of boot client this is
 * @param vendorClass option 60, or "" when absent
 * @param arch        option 93 client architecture, or -1 when absent
 * @param uuid        option 97 client machine identifier as hex, or "" when absent
 * @param userClass   option 77 as text, or ""
 */
public record DhcpClient(String mac, InetAddress address, Kind kind, String vendorClass, int arch, String uuid, String userClass) {
    public DhcpClient {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(kind, "kind");
        vendorClass = vendorClass == null ? "" : vendorClass;
        uuid = uuid == null ? "" : uuid;
        userClass = userClass == null ? "" : userClass;
    }

    /** Kinds of boot clients, told apart by vendor class (60), user class (77) and MAC. */
    public enum Kind {
        /** A Raspberry Pi boot ROM or EEPROM bootloader: vendor class {@code PXEClient:Arch:00000:UNDI:002001}. */
        RASPBERRY_PI,
        /** iPXE (user class "iPXE"): gets an HTTP script URL. */
        IPXE,
        /** Another PXE firmware. */
        PXE,
        /** Not a network-boot client at all. */
        OTHER
    }

    public boolean pi() { return kind == Kind.RASPBERRY_PI; }
}
