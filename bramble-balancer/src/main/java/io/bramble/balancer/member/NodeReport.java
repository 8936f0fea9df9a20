package io.bramble.balancer.member;

/**
 * What the center says about a member's node: health (up, degraded, stale, down, off), load
 * average, CPU count, SoC temperature and throttling. Null fields are unknown.
 */
public record NodeReport(String node, String health, Double load1, Integer cpus, Double tempCelsius, Boolean throttled) {
    public static final NodeReport UNKNOWN = new NodeReport(null, "up", null, null, null, null);

    /** down and off take a member out; up, degraded and stale keep it in (our own checks decide). */
    public boolean healthOut() {
        return "down".equals(health) || "off".equals(health);
    }
}
