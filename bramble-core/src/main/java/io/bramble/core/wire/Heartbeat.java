package io.bramble.core.wire;

/** {@code POST /api/v1/agent/heartbeat}: the latest sample. */
public record Heartbeat(Sample sample) {
    public Heartbeat {
        if (sample == null) throw new IllegalArgumentException("sample is required");
    }
}
