package io.bramble.agent.collect;

import java.nio.file.Path;

/**
 * Percentage of CPU time spent busy (all CPUs together) between two reads of the {@code cpu} line of
 * {@code /proc/stat}. The first read has nothing to compare with and yields null.
 */
public final class CpuUsage {
    private final Path file;
    private long lastTotal = -1;
    private long lastIdle = -1;

    public CpuUsage(Path root) {
        this.file = SysFiles.under(root, "/proc/stat");
    }

    /** Busy percentage since the previous call, or null on the first call or when /proc/stat is unreadable. */
    public synchronized Double read() {
        long[] t = times();
        if (t == null) return null;
        long total = t[0], idle = t[1];
        Double result = null;
        if (lastTotal >= 0 && total > lastTotal && idle >= lastIdle) {
            double busy = (double) (total - lastTotal - (idle - lastIdle)) / (total - lastTotal);
            result = Math.max(0.0, Math.min(100.0, busy * 100.0));
        }
        lastTotal = total;
        lastIdle = idle;
        return result;
    }

    /** {total, idle} jiffies from the aggregate line; guest time is already included in user/nice, so it is not added again. */
    private long[] times() {
        String line = SysFiles.firstLine(file);
        if (line == null || !line.startsWith("cpu ")) return null;
        String[] f = line.substring(4).strip().split("\\s+");
        if (f.length < 4) return null;
        long total = 0;
        long idle = 0;
        // user nice system idle iowait irq softirq steal guest guest_nice
        for (int i = 0; i < Math.min(f.length, 8); i++) {
            Long v = SysFiles.parseLong(f[i]);
            if (v == null) return null;
            total += v;
            if (i == 3 || i == 4) idle += v; // idle and iowait
        }
        return new long[] {total, idle};
    }
}
