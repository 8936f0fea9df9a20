package io.bramble.center.nodes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bramble.core.wire.BoardState;
import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;

/** A node as the API shows it (DESIGN.md "Interfaces that scripts rely on"). */
public record NodeView(String id, String name, String serial, String state, String lifecycle, boolean simulated,
                       List<String> roles, Map<String, String> labels, Map<String, Object> location, Metrics metrics,
                       Instant lastSeen, boolean located, Instant locatedUntil, String address, NodeFacts facts,
                       BoardState board) {

    /** The latest figures; each is null when the node does not report it. */
    public record Metrics(Instant at, Double load1, Double load5, Double load15, Double cpuPercent, Long memTotalBytes,
                          Long memAvailableBytes, Long diskTotalBytes, Long diskUsedBytes, Long netRxBytes, Long netTxBytes,
                          Double uptimeSeconds, Double tempCelsius, Throttled throttled, Double powerWatts) {
        static Metrics of(Sample s) {
            if (s == null) return null;
            return new Metrics(s.at(), s.load1(), s.load5(), s.load15(), s.cpuPercent(), s.memTotalBytes(), s.memAvailableBytes(),
                    s.diskTotalBytes(), s.diskUsedBytes(), s.netRxBytes(), s.netTxBytes(), s.uptimeSeconds(), s.tempCelsius(), s.throttled(),
                    s.powerWatts());
        }
    }

    public static NodeView of(Node n, Instant now, boolean withFacts) {
        return of(n, now, withFacts, null);
    }

    /**
     * The node with, for the detail view, what its board reported last (button, LEDs, fan). A node located by its
     * button has no end time ({@code locatedUntil} null while {@code located} is true).
     */
    public static NodeView of(Node n, Instant now, boolean withFacts, BoardState board) {
        Map<String, Object> loc = new LinkedHashMap<>();
        loc.put("rack", n.location().rack());
        loc.put("row", n.location().row());
        loc.put("slot", n.location().slot());
        boolean located = n.located(now);
        return new NodeView(n.id(), n.name(), n.serial(), n.health().wire(), n.lifecycle().wire(), n.simulated(), n.roles(), n.labels(),
                loc, Metrics.of(n.lastSample()), n.lastSeen(), located, located && !NodeRegistry.LOCATED_UNTIL_CLEARED.equals(n.locatedUntil()) ? n.locatedUntil() : null, n.address(),
                withFacts ? n.facts() : null, board);
    }
}
