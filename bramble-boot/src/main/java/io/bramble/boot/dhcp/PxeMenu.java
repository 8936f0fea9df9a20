package io.bramble.boot.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PXE vendor options (option 43) a Raspberry Pi looks for. The bytes are those dnsmasq sends for
 * {@code pxe-service=0,"Raspberry Pi Boot   "} in proxy mode: discovery control 3 (no broadcast or multicast
 * discovery), menu prompt with timeout 0 and text "PXE", one boot menu item of type 0 named "Raspberry Pi Boot"
 * followed by three spaces — the Pi 3 boot ROM compares 20 bytes, later bootloaders look for the substring.
 */
public final class PxeMenu {
    public static final int SUB_DISCOVERY_CONTROL = 6, SUB_BOOT_MENU = 9, SUB_MENU_PROMPT = 10, SUB_END = 255;
    /** The menu text, with the three trailing spaces the Pi 3 ROM needs. */
    public static final String RASPBERRY_PI_BOOT = "Raspberry Pi Boot   ";

    private PxeMenu() {}

    /** Option 43 for a Pi: 06 01 03, 0a 04 00 'PXE', 09 17 00 00 14 "Raspberry Pi Boot   ", ff (35 bytes). */
    public static byte[] raspberryPi() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sub(out, SUB_DISCOVERY_CONTROL, new byte[] {3});
        sub(out, SUB_MENU_PROMPT, new byte[] {0, 'P', 'X', 'E'});
        byte[] text = RASPBERRY_PI_BOOT.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream item = new ByteArrayOutputStream();
        item.write(0); // boot server type 0 (PXE bootstrap server) ...
        item.write(0);
        item.write(text.length);
        item.writeBytes(text);
        sub(out, SUB_BOOT_MENU, item.toByteArray());
        out.write(SUB_END);
        return out.toByteArray();
    }

    /** Option 43 for another PXE client told to just download the boot file: discovery control 8. */
    public static byte[] bootFileOnly() {
        return new byte[] {SUB_DISCOVERY_CONTROL, 1, 8, (byte) SUB_END};
    }

    /** Splits option 43 into its sub-options. */
    public static Map<Integer, byte[]> parse(byte[] option43) {
        Map<Integer, byte[]> subs = new LinkedHashMap<>();
        int i = 0;
        while (i < option43.length) {
            int code = option43[i] & 0xff;
            if (code == SUB_END) break;
            if (code == 0) { i++; continue; }
            if (i + 1 >= option43.length) throw new DhcpFormatException("sub-option " + code + " is cut off");
            int len = option43[i + 1] & 0xff;
            if (i + 2 + len > option43.length) throw new DhcpFormatException("sub-option " + code + " runs past option 43");
            subs.put(code, java.util.Arrays.copyOfRange(option43, i + 2, i + 2 + len));
            i += 2 + len;
        }
        return subs;
    }

    private static void sub(ByteArrayOutputStream out, int code, byte[] value) {
        out.write(code);
        out.write(value.length);
        out.writeBytes(value);
    }
}
