package io.bramble.center.power;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.bramble.center.config.PowerConfig;
import io.bramble.core.nodeset.NodeSet;

/**
 * Works out each PSU's load: the estimated worst case (every node it feeds at its model's maximum
 * draw) and, where outlets have meters, what is measured now. A PSU is over-subscribed when the
 * estimate exceeds its rating, since any node it feeds may be switched on and loaded at any time.
 */
public final class PowerBudget {
    private PowerBudget() {}

    /** A node a PSU may feed: where it sits, its model and draw, and the latest meter reading, if any. */
    public record Fed(String node, String rack, Integer row, String model, double maxWatts, Double measuredWatts) {}

    /** One PSU's budget. {@code measuredWatts} sums only the {@code measuredNodes} with meters. */
    public record PsuBudget(String name, double capacityWatts, List<String> nodes, double estimatedWatts, double estimatedPercent,
                            Double measuredWatts, int measuredNodes, boolean overSubscribed, String warning) {}

    public static List<PsuBudget> compute(List<PowerConfig.Psu> psus, List<Fed> fed, Function<String, Collection<String>> groups) {
        List<PsuBudget> out = new ArrayList<>();
        for (PowerConfig.Psu psu : psus) {
            Set<String> names = new LinkedHashSet<>();
            if (psu.nodes() != null && !psu.nodes().isBlank()) {
                names.addAll(NodeSet.expand(psu.nodes(), groups));
            } else {
                for (Fed f : fed)
                    if (psu.rack().equals(f.rack()) && (psu.row() == null || psu.row().equals(f.row()))) names.add(f.node());
            }
            Map<String, Fed> byName = new java.util.HashMap<>();
            for (Fed f : fed) byName.put(f.node(), f);
            double estimated = 0;
            double measured = 0;
            int metered = 0;
            for (String n : names) {
                Fed f = byName.get(n);
                estimated += f == null ? PiModels.UNKNOWN_WATTS : f.maxWatts();
                if (f != null && f.measuredWatts() != null) {
                    measured += f.measuredWatts();
                    metered++;
                }
            }
            estimated = round(estimated);
            boolean over = estimated > psu.watts();
            String warning = null;
            if (over)
                warning = String.format(java.util.Locale.ROOT, "PSU %s is over-subscribed: its %d nodes may draw up to %.1f W, it is rated %.1f W",
                        psu.name(), names.size(), estimated, psu.watts());
            if (metered > 0 && measured > psu.watts())
                warning = String.format(java.util.Locale.ROOT, "PSU %s is overloaded now: measured %.1f W, rated %.1f W", psu.name(), measured, psu.watts());
            out.add(new PsuBudget(psu.name(), psu.watts(), List.copyOf(names), estimated, round(100 * estimated / psu.watts()),
                    metered == 0 ? null : round(measured), metered, over, warning));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
