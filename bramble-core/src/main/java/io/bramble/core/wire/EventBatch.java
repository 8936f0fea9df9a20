package io.bramble.core.wire;

import java.util.List;

/** {@code POST /api/v1/agent/events}: events in the order they happened. */
public record EventBatch(List<AgentEvent> events) {
    public EventBatch {
        if (events == null) throw new IllegalArgumentException("events is required");
        if (events.size() > 1000) throw new IllegalArgumentException("events: at most 1000 per batch (got " + events.size() + ")");
        events = List.copyOf(events);
    }
}
