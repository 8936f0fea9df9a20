package io.bramble.agent.collect;

import io.bramble.core.wire.BoardInfo;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes a Raspberry Pi revision code from {@code /proc/cpuinfo}. New-style codes (bit 23 set) are
 * the bit fields NOQuuuWuFMMMCCCCPPPPTTTTTTTTRRRR documented by Raspberry Pi Ltd; old-style codes
 * (first-generation boards) come from the documented table.
 */
public final class RevisionCode {
    private static final Map<Integer, String> TYPES = Map.ofEntries(
            Map.entry(0x00, "A"), Map.entry(0x01, "B"), Map.entry(0x02, "A+"), Map.entry(0x03, "B+"),
            Map.entry(0x04, "2B"), Map.entry(0x05, "Alpha"), Map.entry(0x06, "CM1"), Map.entry(0x08, "3B"),
            Map.entry(0x09, "Zero"), Map.entry(0x0a, "CM3"), Map.entry(0x0c, "Zero W"), Map.entry(0x0d, "3B+"),
            Map.entry(0x0e, "3A+"), Map.entry(0x0f, "Internal use only"), Map.entry(0x10, "CM3+"), Map.entry(0x11, "4B"),
            Map.entry(0x12, "Zero 2 W"), Map.entry(0x13, "400"), Map.entry(0x14, "CM4"), Map.entry(0x15, "CM4S"),
            Map.entry(0x16, "Internal use only"), Map.entry(0x17, "5"), Map.entry(0x18, "CM5"), Map.entry(0x19, "500"),
            Map.entry(0x1a, "CM5 Lite"));
    private static final String[] MANUFACTURERS = {"Sony UK", "Egoman", "Embest", "Sony Japan", "Embest", "Stadium"};
    private static final String[] PROCESSORS = {"BCM2835", "BCM2836", "BCM2837", "BCM2711", "BCM2712"};

    /** An old-style code's board: type, memory in MB, manufacturer, and the minor part of its revision (1.2 → 2). */
    private record Old(String type, int memoryMb, String manufacturer, int revision) {}

    private static final Map<Integer, Old> OLD = Map.ofEntries(
            Map.entry(0x0002, new Old("B", 256, "Egoman", 0)), Map.entry(0x0003, new Old("B", 256, "Egoman", 0)),
            Map.entry(0x0004, new Old("B", 256, "Sony UK", 0)), Map.entry(0x0005, new Old("B", 256, "Qisda", 0)),
            Map.entry(0x0006, new Old("B", 256, "Egoman", 0)), Map.entry(0x0007, new Old("A", 256, "Egoman", 0)),
            Map.entry(0x0008, new Old("A", 256, "Sony UK", 0)), Map.entry(0x0009, new Old("A", 256, "Qisda", 0)),
            Map.entry(0x000d, new Old("B", 512, "Egoman", 0)), Map.entry(0x000e, new Old("B", 512, "Sony UK", 0)),
            Map.entry(0x000f, new Old("B", 512, "Egoman", 0)), Map.entry(0x0010, new Old("B+", 512, "Sony UK", 2)),
            Map.entry(0x0011, new Old("CM1", 512, "Sony UK", 0)), Map.entry(0x0012, new Old("A+", 256, "Sony UK", 1)),
            Map.entry(0x0013, new Old("B+", 512, "Embest", 2)), Map.entry(0x0014, new Old("CM1", 512, "Embest", 0)),
            Map.entry(0x0015, new Old("A+", 256, "Embest", 1)));

    private RevisionCode() {}

    /**
     * Decodes a code such as {@code c03114} (Pi 4B 4GB) or {@code d04170} (Pi 5 8GB); null when the text
     * is not a hex code or an unknown old-style code.
     */
    public static BoardInfo decode(String code) {
        if (code == null) return null;
        String hex = code.strip().toLowerCase(Locale.ROOT);
        if (hex.startsWith("0x")) hex = hex.substring(2);
        if (!hex.matches("[0-9a-f]{1,8}")) return null;
        long value = Long.parseLong(hex, 16);
        if ((value & (1L << 23)) == 0) {
            // old style; a leading 1000 means the warranty bit was set by over-volting, not another board
            Old old = OLD.get((int) (value & 0xffffff));
            if (old == null) return null;
            return new BoardInfo(hex, old.type(), old.memoryMb() * 1024L * 1024L, old.manufacturer(), "BCM2835", old.revision());
        }
        int revision = (int) (value & 0xf);
        int type = (int) ((value >> 4) & 0xff);
        int processor = (int) ((value >> 12) & 0xf);
        int manufacturer = (int) ((value >> 16) & 0xf);
        int memory = (int) ((value >> 20) & 0x7);
        String typeName = TYPES.getOrDefault(type, String.format("unknown (0x%02x)", type));
        String maker = manufacturer < MANUFACTURERS.length ? MANUFACTURERS[manufacturer] : "unknown (" + manufacturer + ")";
        String soc = processor < PROCESSORS.length ? PROCESSORS[processor] : "unknown (" + processor + ")";
        return new BoardInfo(hex, typeName, (256L * 1024 * 1024) << memory, maker, soc, revision);
    }
}
