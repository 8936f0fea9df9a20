package io.bramble.core.wire;

import java.time.Instant;
import java.util.List;

/**
 * One metrics sample from a node. Every figure is nullable: a signal the machine lacks is absent
 * ({@code null}), never reported as 0. Disk totals cover the real filesystems in {@code filesystems}.
 * {@code powerWatts} is the board's own draw as its PMIC measures it (Raspberry Pi 5).
 */
public record Sample(
        Instant at,
        Double load1,
        Double load5,
        Double load15,
        Double cpuPercent,
        Long memTotalBytes,
        Long memAvailableBytes,
        Long diskTotalBytes,
        Long diskUsedBytes,
        List<Filesystem> filesystems,
        Long netRxBytes,
        Long netTxBytes,
        Double uptimeSeconds,
        Double tempCelsius,
        Throttled throttled,
        Double powerWatts) {

    /** A sample from a board that cannot measure its own draw. */
    public Sample(Instant at, Double load1, Double load5, Double load15, Double cpuPercent, Long memTotalBytes,
                  Long memAvailableBytes, Long diskTotalBytes, Long diskUsedBytes, List<Filesystem> filesystems, Long netRxBytes,
                  Long netTxBytes, Double uptimeSeconds, Double tempCelsius, Throttled throttled) {
        this(at, load1, load5, load15, cpuPercent, memTotalBytes, memAvailableBytes, diskTotalBytes, diskUsedBytes, filesystems,
                netRxBytes, netTxBytes, uptimeSeconds, tempCelsius, throttled, null);
    }

    public Sample {
        if (at == null) throw new IllegalArgumentException("sample.at is required (the time the sample was taken)");
        filesystems = filesystems == null ? List.of() : List.copyOf(filesystems);
    }
}
