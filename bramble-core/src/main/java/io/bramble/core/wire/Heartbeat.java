package io.bramble.core.wire;

/**
 * {@code POST /api/v1/agent/heartbeat}: the latest sample and, from agents that have one, the state
 * of the board's button, LEDs and fan ({@code board} is null from older agents).
 */
public record Heartbeat(Sample sample, BoardState board) {
    public Heartbeat {
        if (sample == null) throw new IllegalArgumentException("sample is required");
    }

    public Heartbeat(Sample sample) {
        this(sample, null);
    }
}
