package io.bramble.center.nodes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;

/** The center's view of one node: identity, facts, placement, state and its latest sample (kept packed, see {@link LatestSample}). */
public record Node(String id, String name, String serial, NodeFacts facts, boolean simulated, List<String> roles,
                   Map<String, String> labels, Location location, Lifecycle lifecycle, Health health, String address,
                   Instant enrolledAt, Instant lastSeen, LatestSample latest, Instant locatedUntil, long eventSeq) {

    public static final String NAME_PATTERN = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

    public Node {
        roles = List.copyOf(roles);
        labels = Map.copyOf(labels);
    }

    /** The latest sample, unpacked (a new object on every call; see {@link LatestSample}), or null before the first heartbeat. */
    public Sample lastSample() {
        return latest == null ? null : latest.sample();
    }

    public boolean located(Instant now) {
        return locatedUntil != null && locatedUntil.isAfter(now);
    }

    Node withHealth(Health h) {
        return new Node(id, name, serial, facts, simulated, roles, labels, location, lifecycle, h, address, enrolledAt,
                lastSeen, latest, locatedUntil, eventSeq);
    }

    Node withHeartbeat(LatestSample s, Instant seen, String addr, Health h) {
        return new Node(id, name, serial, facts, simulated, roles, labels, location, lifecycle, h, addr, enrolledAt,
                seen, s, locatedUntil, eventSeq);
    }

    Node withEdits(String newName, List<String> newRoles, Map<String, String> newLabels, Location newLocation) {
        return new Node(id, newName, serial, facts, simulated, newRoles, newLabels, newLocation, lifecycle, health, address,
                enrolledAt, lastSeen, latest, locatedUntil, eventSeq);
    }

    Node withEventSeq(long seq) {
        return new Node(id, name, serial, facts, simulated, roles, labels, location, lifecycle, health, address, enrolledAt,
                lastSeen, latest, locatedUntil, seq);
    }

    Node withLocatedUntil(Instant until) {
        return new Node(id, name, serial, facts, simulated, roles, labels, location, lifecycle, health, address, enrolledAt,
                lastSeen, latest, until, eventSeq);
    }

    Node withLifecycle(Lifecycle l) {
        return new Node(id, name, serial, facts, simulated, roles, labels, location, l, health, address, enrolledAt,
                lastSeen, latest, locatedUntil, eventSeq);
    }
}
