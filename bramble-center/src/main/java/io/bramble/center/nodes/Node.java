package io.bramble.center.nodes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;

/** The center's view of one node: identity, facts, placement, state and its latest sample. */
public record Node(String id, String name, String serial, NodeFacts facts, boolean simulated, List<String> roles,
                   Map<String, String> labels, Location location, Lifecycle lifecycle, Health health, String address,
                   Instant enrolledAt, Instant lastSeen, Sample lastSample, Instant locatedUntil, long eventSeq) {

    public static final String NAME_PATTERN = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

    public Node {
        roles = List.copyOf(roles);
        labels = Map.copyOf(labels);
    }

    public boolean located(Instant now) {
        return locatedUntil != null && locatedUntil.isAfter(now);
    }

    Node withHealth(Health h) {
        return new Node(id, name, serial, facts, simulated, roles, labels, location, lifecycle, h, address, enrolledAt,
                lastSeen, lastSample, locatedUntil, eventSeq);
    }

    Node withHeartbeat(Sample s, Instant seen, String addr, Health h) {
        return new Node(id, name, serial, facts, simulated, roles, labels, location, lifecycle, h, addr, enrolledAt,
                seen, s, locatedUntil, eventSeq);
    }

    Node withEdits(String newName, List<String> newRoles, Map<String, String> newLabels, Location newLocation) {
        return new Node(id, newName, serial, facts, simulated, newRoles, newLabels, newLocation, lifecycle, health, address,
                enrolledAt, lastSeen, lastSample, locatedUntil, eventSeq);
    }

    Node withEventSeq(long seq) {
        return new Node(id, name, serial, facts, simulated, roles, labels, location, lifecycle, health, address, enrolledAt,
                lastSeen, lastSample, locatedUntil, seq);
    }

    Node withLocatedUntil(Instant until) {
        return new Node(id, name, serial, facts, simulated, roles, labels, location, lifecycle, health, address, enrolledAt,
                lastSeen, lastSample, until, eventSeq);
    }

    Node withLifecycle(Lifecycle l) {
        return new Node(id, name, serial, facts, simulated, roles, labels, location, l, health, address, enrolledAt,
                lastSeen, lastSample, locatedUntil, eventSeq);
    }
}
