package io.bramble.agent.collect;

import io.bramble.core.wire.BoardInfo;
import io.bramble.core.wire.NodeFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who this machine is, for enrollment: Pi model, serial and revision (decoded), MAC addresses,
 * hostname, OS, kernel and architecture. Off a Pi the serial falls back to {@code /etc/machine-id}
 * and the Pi-only fields are null.
 */
public final class BoardIdentity {
    private final Path root;
    private final String arch;
    private final String agentVersion;

    /** Reads below {@code root}; {@code arch} is the machine architecture as {@code uname -m} prints it. */
    public BoardIdentity(Path root, String arch, String agentVersion) {
        this.root = root;
        this.arch = arch;
        this.agentVersion = agentVersion;
    }

    /** Reads the real machine's identity below {@code root}, with the JVM's architecture. */
    public BoardIdentity(Path root, String agentVersion) {
        this(root, unameArch(System.getProperty("os.arch")), agentVersion);
    }

    /** The facts; fails only when neither a Pi serial nor a machine id nor a hostname can be found. */
    public NodeFacts read() {
        String cpuinfo = SysFiles.read(file("/proc/cpuinfo"));
        String serial = normaliseSerial(cpuinfoField(cpuinfo, "Serial"));
        if (serial == null) serial = deviceTreeString("/proc/device-tree/serial-number");
        if (serial == null) serial = SysFiles.firstLine(file("/etc/machine-id"));
        if (serial == null)
            throw new IllegalStateException("cannot identify this machine: no Serial in " + file("/proc/cpuinfo")
                    + " and no " + file("/etc/machine-id") + "; run systemd-machine-id-setup to create one");
        String revision = cpuinfoField(cpuinfo, "Revision");
        BoardInfo board = RevisionCode.decode(revision);
        if (board == null) revision = null;
        String model = deviceTreeString("/proc/device-tree/model");
        if (model == null && board != null) model = cpuinfoField(cpuinfo, "Model");
        Long memory = board != null ? board.memoryBytes() : memTotal();
        String hostname = SysFiles.firstLine(file("/proc/sys/kernel/hostname"));
        if (hostname == null) hostname = SysFiles.firstLine(file("/etc/hostname"));
        if (hostname == null) hostname = "localhost";
        return new NodeFacts(serial, macs(), hostname, model, revision == null ? null : board.revisionCode(), board,
                memory, osName(), SysFiles.firstLine(file("/proc/sys/kernel/osrelease")), arch, agentVersion, false);
    }

    private Path file(String absolute) {
        return SysFiles.under(root, absolute);
    }

    /** Device-tree strings end with NUL. */
    private String deviceTreeString(String absolute) {
        String s = SysFiles.read(file(absolute));
        if (s == null) return null;
        int nul = s.indexOf('\0');
        s = (nul < 0 ? s : s.substring(0, nul)).strip();
        return s.isEmpty() ? null : s;
    }

    static String cpuinfoField(String cpuinfo, String key) {
        if (cpuinfo == null) return null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                String v = line.substring(colon + 1).strip();
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    /** The SoC serial as printed by cpuinfo (16 hex digits, e.g. 10000000a3b4c5d6); all zeros means none. */
    private static String normaliseSerial(String s) {
        if (s == null) return null;
        String v = s.toLowerCase(Locale.ROOT);
        return v.matches("0*") ? null : v;
    }

    private Long memTotal() {
        Memory.Reading m = new Memory(root).read();
        return m == null ? null : m.totalBytes();
    }

    /** Physical interfaces only: a {@code device} link exists for hardware NICs, not for lo, bridges, veth or tunnels. */
    private List<String> macs() {
        List<String> out = new ArrayList<>();
        for (Path nic : SysFiles.list(file("/sys/class/net"), "")) {
            String name = nic.getFileName().toString();
            if (name.equals("lo") || !Files.exists(nic.resolve("device"))) continue;
            String mac = SysFiles.firstLine(nic.resolve("address"));
            if (mac == null) continue;
            mac = mac.toLowerCase(Locale.ROOT);
            if (mac.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}") && !mac.equals("00:00:00:00:00:00") && !out.contains(mac)) out.add(mac);
        }
        return out;
    }

    private String osName() {
        String text = SysFiles.read(file("/etc/os-release"));
        if (text == null) text = SysFiles.read(file("/usr/lib/os-release"));
        if (text == null) return null;
        for (String line : text.split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) {
                String v = line.substring("PRETTY_NAME=".length()).strip();
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'")))
                    v = v.substring(1, v.length() - 1);
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    /** The JVM's os.arch in {@code uname -m} spelling (amd64 → x86_64, arm → armv7l). */
    static String unameArch(String jvmArch) {
        if (jvmArch == null) return null;
        return switch (jvmArch) {
            case "amd64" -> "x86_64";
            case "arm" -> "armv7l";
            case "x86" -> "i686";
            default -> jvmArch;
        };
    }
}
