package io.bramble.agent.collect;

import java.nio.file.Path;

/** Seconds since boot from {@code /proc/uptime}. */
public final class Uptime {
    private final Path file;

    public Uptime(Path root) {
        this.file = SysFiles.under(root, "/proc/uptime");
    }

    /** Seconds since boot, or null when the file is missing. */
    public Double read() {
        String line = SysFiles.firstLine(file);
        if (line == null) return null;
        Double v = SysFiles.parseDouble(line.split("\\s+")[0]);
        return v == null || v < 0 ? null : v;
    }
}
