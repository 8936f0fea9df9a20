package io.bramble.core.wire;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened on a node (locate button pressed, throttling started, ...). {@code seq}
 * increases per node, so the center drops a resent event it already has.
 */
public record AgentEvent(long seq, Instant at, String type, Map<String, String> detail) {
    public AgentEvent {
        if (seq < 1) throw new IllegalArgumentException("event.seq must be 1 or more (got " + seq + ")");
        if (at == null) throw new IllegalArgumentException("event.at is required");
        if (type == null || !type.matches("[a-z][a-z0-9_.-]{0,63}"))
            throw new IllegalArgumentException("event.type must be lower-case letters, digits, '.', '_' or '-', at most 64 (got " + type + ")");
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }
}
