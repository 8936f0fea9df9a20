package io.bramble.center.nodes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.bramble.core.wire.Filesystem;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;

/**
 * A node's latest sample as the center keeps it in memory: every figure in one {@code long[]} and the
 * filesystem names shared with the sample before it when they are the same.
 *
 * <p>Why: with 10,000 nodes every node's latest sample is replaced every 5 s, so each young collection
 * copies all of them. As a {@link Sample} that is ~35 objects per node (boxed figures, instants, the
 * filesystem records and their strings, the throttling record); copying ~350,000 small objects stopped
 * the center for 50-60 ms every ~5 s, and that pause was the heartbeat's p99. Packed, a heartbeat leaves
 * two objects here. {@link #sample()} unpacks an equal {@link Sample} for the API, metrics and the store.
 */
public final class LatestSample {
    private static final int AT_SECONDS = 0, AT_NANOS = 1, PRESENT = 2, THROTTLED_RAW = 3, THROTTLED_FLAGS = 4, FIGURES = 5;
    /** The nullable figures, in this order from {@link #FIGURES}; bit i of PRESENT says figure i is there. */
    private static final int LOAD1 = 0, LOAD5 = 1, LOAD15 = 2, CPU = 3, MEM_TOTAL = 4, MEM_AVAILABLE = 5, DISK_TOTAL = 6,
            DISK_USED = 7, NET_RX = 8, NET_TX = 9, UPTIME = 10, TEMP = 11, POWER = 12, COUNT = 13;
    private static final int THROTTLED_PRESENT = COUNT;
    private static final int FILESYSTEMS = FIGURES + COUNT;

    /** at, presence bits, throttling, the figures (doubles as raw bits), then total and used bytes per filesystem. */
    private final long[] v;
    /** mount, device and type per filesystem. */
    private final String[] names;

    private LatestSample(long[] v, String[] names) {
        this.v = v;
        this.names = names;
    }

    /** Packs {@code s}, sharing filesystem names with {@code previous} (may be null) where they are equal. */
    static LatestSample of(Sample s, LatestSample previous) {
        List<Filesystem> fs = s.filesystems();
        long[] v = new long[FILESYSTEMS + 2 * fs.size()];
        v[AT_SECONDS] = s.at().getEpochSecond();
        v[AT_NANOS] = s.at().getNano();
        long present = 0;
        present |= putDouble(v, LOAD1, s.load1());
        present |= putDouble(v, LOAD5, s.load5());
        present |= putDouble(v, LOAD15, s.load15());
        present |= putDouble(v, CPU, s.cpuPercent());
        present |= putLong(v, MEM_TOTAL, s.memTotalBytes());
        present |= putLong(v, MEM_AVAILABLE, s.memAvailableBytes());
        present |= putLong(v, DISK_TOTAL, s.diskTotalBytes());
        present |= putLong(v, DISK_USED, s.diskUsedBytes());
        present |= putLong(v, NET_RX, s.netRxBytes());
        present |= putLong(v, NET_TX, s.netTxBytes());
        present |= putDouble(v, UPTIME, s.uptimeSeconds());
        present |= putDouble(v, TEMP, s.tempCelsius());
        present |= putDouble(v, POWER, s.powerWatts());
        Throttled t = s.throttled();
        if (t != null) {
            present |= 1L << THROTTLED_PRESENT;
            v[THROTTLED_RAW] = t.raw();
            v[THROTTLED_FLAGS] = bit(t.underVoltage(), 0) | bit(t.freqCapped(), 1) | bit(t.throttled(), 2) | bit(t.softTempLimit(), 3)
                    | bit(t.underVoltageOccurred(), 4) | bit(t.freqCappedOccurred(), 5) | bit(t.throttledOccurred(), 6)
                    | bit(t.softTempLimitOccurred(), 7);
        }
        v[PRESENT] = present;
        String[] names = fs.isEmpty() ? NO_NAMES : new String[3 * fs.size()];
        String[] before = previous == null ? NO_NAMES : previous.names;
        for (int i = 0; i < fs.size(); i++) {
            Filesystem f = fs.get(i);
            v[FILESYSTEMS + 2 * i] = f.totalBytes();
            v[FILESYSTEMS + 2 * i + 1] = f.usedBytes();
            names[3 * i] = shared(f.mount(), before, 3 * i);
            names[3 * i + 1] = shared(f.device(), before, 3 * i + 1);
            names[3 * i + 2] = shared(f.type(), before, 3 * i + 2);
        }
        if (names.length > 0 && names.length == before.length && java.util.Arrays.equals(names, before)) names = before;
        return new LatestSample(v, names);
    }

    private static final String[] NO_NAMES = new String[0];

    private static String shared(String s, String[] before, int i) {
        return i < before.length && before[i] != null && before[i].equals(s) ? before[i] : s;
    }

    private static long bit(boolean b, int i) {
        return b ? 1L << i : 0;
    }

    private static long putDouble(long[] v, int figure, Double d) {
        if (d == null) return 0;
        v[FIGURES + figure] = Double.doubleToRawLongBits(d);
        return 1L << figure;
    }

    private static long putLong(long[] v, int figure, Long l) {
        if (l == null) return 0;
        v[FIGURES + figure] = l;
        return 1L << figure;
    }

    private boolean has(int figure) {
        return (v[PRESENT] & (1L << figure)) != 0;
    }

    private Double getDouble(int figure) {
        return has(figure) ? Double.longBitsToDouble(v[FIGURES + figure]) : null;
    }

    private Long getLong(int figure) {
        return has(figure) ? v[FIGURES + figure] : null;
    }

    /** When the sample was taken. */
    public Instant at() {
        return Instant.ofEpochSecond(v[AT_SECONDS], v[AT_NANOS]);
    }

    /** True when the sample says the firmware is throttling, capping or under-volted right now. */
    public boolean throttlingNow() {
        return has(THROTTLED_PRESENT) && (v[THROTTLED_FLAGS] & 0xF) != 0;
    }

    /** The sample as it arrived (a new, equal {@link Sample} on every call). */
    public Sample sample() {
        Throttled t = null;
        if (has(THROTTLED_PRESENT)) {
            long f = v[THROTTLED_FLAGS];
            t = new Throttled(v[THROTTLED_RAW], (f & 1) != 0, (f & 2) != 0, (f & 4) != 0, (f & 8) != 0, (f & 16) != 0, (f & 32) != 0,
                    (f & 64) != 0, (f & 128) != 0);
        }
        int n = (v.length - FILESYSTEMS) / 2;
        List<Filesystem> fs = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
            fs.add(new Filesystem(names[3 * i], names[3 * i + 1], names[3 * i + 2], v[FILESYSTEMS + 2 * i], v[FILESYSTEMS + 2 * i + 1]));
        return new Sample(at(), getDouble(LOAD1), getDouble(LOAD5), getDouble(LOAD15), getDouble(CPU), getLong(MEM_TOTAL),
                getLong(MEM_AVAILABLE), getLong(DISK_TOTAL), getLong(DISK_USED), fs, getLong(NET_RX), getLong(NET_TX),
                getDouble(UPTIME), getDouble(TEMP), t, getDouble(POWER));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatestSample l && java.util.Arrays.equals(v, l.v) && java.util.Arrays.equals(names, l.names);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(v) + java.util.Arrays.hashCode(names);
    }

    @Override
    public String toString() {
        return sample().toString();
    }

    /** True when both hold the same filesystem names (the same array when packing shared them). */
    boolean sharesNamesWith(LatestSample other) {
        return other != null && names == other.names;
    }
}
