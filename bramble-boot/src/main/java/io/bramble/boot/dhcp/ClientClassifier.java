package io.bramble.boot.dhcp;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.bramble.boot.DhcpClient;
import io.bramble.boot.DhcpClient.Kind;

/**
 * Tells Raspberry Pis, iPXE and other PXE clients apart. A Pi sends the same vendor class as an x86 BIOS PXE ROM
 * ({@code PXEClient:Arch:00000:UNDI:002001}, arch 0), so it is recognised by that class plus one of: a Raspberry Pi
 * MAC prefix, an option 97 GUID starting with the "RPi" magic (Pi 4/5 EEPROM), or the older GUID that repeats the
 * serial four times (Pi 3 ROM, early Pi 4 EEPROMs).
 */
public final class ClientClassifier {
    public static final String PI_VENDOR_CLASS = "PXEClient:Arch:00000:UNDI:002001";
    /** MAC prefixes of Raspberry Pi Ltd and Raspberry Pi Trading. */
    public static final Set<String> PI_OUIS = Set.of("b8:27:eb", "dc:a6:32", "e4:5f:01", "d8:3a:dd", "28:cd:c1", "2c:cf:67", "88:a2:9e");

    private ClientClassifier() {}

    public static DhcpClient classify(DhcpPacket p) {
        String vendor = p.optionText(DhcpPacket.OPT_VENDOR_CLASS);
        String user = userClass(p.option(DhcpPacket.OPT_USER_CLASS));
        byte[] arch = p.option(DhcpPacket.OPT_CLIENT_ARCH);
        int archType = arch != null && arch.length >= 2 ? DhcpPacket.u16(arch, 0) : -1;
        byte[] uuid = p.option(DhcpPacket.OPT_CLIENT_UUID);
        String mac = p.mac();
        Kind kind;
        if (user.contains("iPXE") || p.option(175) != null) kind = Kind.IPXE;
        else if (vendor.startsWith(PI_VENDOR_CLASS) && (piMac(mac) || piGuid(uuid))) kind = Kind.RASPBERRY_PI;
        else if (vendor.startsWith("PXEClient")) kind = Kind.PXE;
        else kind = Kind.OTHER;
        return new DhcpClient(mac, p.ciaddr().isAnyLocalAddress() ? null : p.ciaddr(), kind, vendor, archType, DhcpPacket.hex(uuid), user);
    }

    static boolean piMac(String mac) {
        return mac.length() >= 8 && PI_OUIS.contains(mac.substring(0, 8));
    }

    /** Option 97: type 0 then 16 bytes; "RPi" magic (52 50 69) or four equal 4-byte groups. */
    static boolean piGuid(byte[] uuid) {
        if (uuid == null || uuid.length != 17 || uuid[0] != 0) return false;
        if (uuid[1] == 'R' && uuid[2] == 'P' && uuid[3] == 'i') return true;
        for (int i = 5; i < 17; i++) if (uuid[i] != uuid[1 + (i - 1) % 4]) return false;
        return true;
    }

    /** Option 77 as text: iPXE sends the bare string, RFC 3004 clients length-prefixed entries. */
    static String userClass(byte[] v) {
        if (v == null) return "";
        StringBuilder s = new StringBuilder();
        for (byte b : v) s.append(b >= 0x20 && b < 0x7f ? (char) b : ' ');
        return s.toString().strip().replaceAll(" +", " ");
    }

    static String text(byte[] v) {
        return v == null ? "" : new String(v, StandardCharsets.ISO_8859_1);
    }
}
