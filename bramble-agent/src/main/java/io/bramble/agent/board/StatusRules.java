package io.bramble.agent.board;

import io.bramble.core.wire.Filesystem;
import io.bramble.core.wire.Sample;
import java.util.Locale;

/** Picks the status LED condition from the center's health, the latest sample and locate. */
final class StatusRules {
    private StatusRules() {}

    static StatusCondition evaluate(String health, Sample latest, boolean located, int diskFullPercent) {
        if (located) return StatusCondition.LOCATED;
        if (latest != null && latest.throttled() != null && latest.throttled().underVoltage()) return StatusCondition.UNDER_VOLTAGE;
        if (latest != null && diskFull(latest, diskFullPercent)) return StatusCondition.DISK_FULL;
        if (latest != null && latest.throttled() != null && latest.throttled().anyNow()) return StatusCondition.THROTTLED;
        String h = health == null ? "" : health.strip().toLowerCase(Locale.ROOT);
        return switch (h) {
            case "degraded" -> StatusCondition.DEGRADED;
            case "up" -> StatusCondition.UP;
            default -> StatusCondition.UNKNOWN;
        };
    }

    /** Any real filesystem at or above the threshold; the totals when the sample lists none. */
    static boolean diskFull(Sample s, int percent) {
        if (!s.filesystems().isEmpty()) {
            for (Filesystem f : s.filesystems())
                if (f.totalBytes() > 0 && f.usedBytes() * 100.0 / f.totalBytes() >= percent) return true;
            return false;
        }
        return s.diskTotalBytes() != null && s.diskUsedBytes() != null && s.diskTotalBytes() > 0
                && s.diskUsedBytes() * 100.0 / s.diskTotalBytes() >= percent;
    }
}
