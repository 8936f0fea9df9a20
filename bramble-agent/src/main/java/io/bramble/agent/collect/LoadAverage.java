package io.bramble.agent.collect;

import java.nio.file.Path;

/** Load averages over 1, 5 and 15 minutes from {@code /proc/loadavg}. */
public final class LoadAverage {
    /** One reading of the three load averages. */
    public record Reading(double load1, double load5, double load15) {}

    private final Path file;

    public LoadAverage(Path root) {
        this.file = SysFiles.under(root, "/proc/loadavg");
    }

    /** The current load averages, or null when the file is missing or malformed. */
    public Reading read() {
        String line = SysFiles.firstLine(file);
        if (line == null) return null;
        String[] f = line.split("\\s+");
        if (f.length < 3) return null;
        Double l1 = SysFiles.parseDouble(f[0]), l5 = SysFiles.parseDouble(f[1]), l15 = SysFiles.parseDouble(f[2]);
        if (l1 == null || l5 == null || l15 == null) return null;
        return new Reading(l1, l5, l15);
    }
}
