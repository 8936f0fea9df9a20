package io.bramble.balancer.method;

import io.bramble.balancer.config.ByLoad;
import io.bramble.balancer.member.NodeReport;

/**
 * The byload factor of a node, between 0.0025 and 1, multiplied into its weight:
 * <pre>
 *   load   = 1 / (1 + load1 / cpus)                       idle 1, one runnable task per core 0.5
 *   temp   = 1 below soft, 0.1 above hard, linear between  (60 °C and 80 °C by default)
 *   thrott = throttledFactor when the firmware reports throttling or under-voltage now (0.25)
 *   factor = load × temp × thrott
 * </pre>
 * Unknown values count as 1, so a member the center knows nothing about keeps its weight.
 */
public final class LoadFactor {
    private final ByLoad tuning;

    public LoadFactor(ByLoad tuning) {
        this.tuning = tuning;
    }

    public double of(NodeReport r) {
        double f = 1;
        if (r.load1() != null && r.load1() >= 0) {
            int cpus = r.cpus() == null || r.cpus() < 1 ? 1 : r.cpus();
            f *= 1 / (1 + r.load1() / cpus);
        }
        if (r.tempCelsius() != null) {
            double t = r.tempCelsius();
            double soft = tuning.softTempCelsius(), hard = tuning.hardTempCelsius();
            if (t >= hard) f *= 0.1;
            else if (t > soft) f *= 1 - 0.9 * (t - soft) / (hard - soft);
        }
        if (Boolean.TRUE.equals(r.throttled())) f *= tuning.throttledFactor();
        return f;
    }
}
