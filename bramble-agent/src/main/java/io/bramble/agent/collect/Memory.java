package io.bramble.agent.collect;

import java.nio.file.Path;

/** Total and available memory from {@code /proc/meminfo} (MemTotal, MemAvailable). */
public final class Memory {
    /** Bytes; {@code availableBytes} is null on kernels older than 3.14, which lack MemAvailable. */
    public record Reading(long totalBytes, Long availableBytes) {}

    private final Path file;

    public Memory(Path root) {
        this.file = SysFiles.under(root, "/proc/meminfo");
    }

    /** The current figures, or null when MemTotal cannot be read. */
    public Reading read() {
        String text = SysFiles.read(file);
        if (text == null) return null;
        Long total = null, available = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("MemTotal:")) total = kib(line);
            else if (line.startsWith("MemAvailable:")) available = kib(line);
        }
        if (total == null || total <= 0) return null;
        return new Reading(total, available);
    }

    private static Long kib(String line) {
        String[] f = line.substring(line.indexOf(':') + 1).strip().split("\\s+");
        Long v = SysFiles.parseLong(f[0]);
        if (v == null) return null;
        // the kernel writes "kB" but means KiB
        return f.length > 1 && f[1].equalsIgnoreCase("kB") ? v * 1024 : v;
    }
}
