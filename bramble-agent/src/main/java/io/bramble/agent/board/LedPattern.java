package io.bramble.agent.board;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an LED shows its colour over time: a cycle of on and off phases in milliseconds, starting with
 * on. SOLID has no cycle.
 */
public enum LedPattern {
    SOLID(),
    /** 1 Hz, half on */
    BLINK(500, 500),
    /** 4 Hz: the locate pattern, unlike anything the ACT LED does by itself */
    FAST_BLINK(125, 125),
    /** one short flash every 2 s: "alive, nothing to say" */
    SLOW_BLINK(200, 1800),
    /** two short beats then a pause, like the kernel's heartbeat trigger */
    HEARTBEAT(100, 150, 100, 650);

    private final long[] phasesMillis;

    LedPattern(long... phasesMillis) {
        this.phasesMillis = phasesMillis;
    }

    /** Lengths of the on, off, on, off ... phases of one cycle; empty for SOLID. */
    long[] phasesMillis() {
        return phasesMillis.clone();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code blink}, {@code FAST_BLINK}, {@code fast-blink} ... case-insensitively. */
    public static LedPattern of(String text) {
        String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (LedPattern p : values()) if (p.name().equals(t)) return p;
        throw new IllegalArgumentException("'" + text + "' is not an LED pattern; use one of "
                + Arrays.stream(values()).map(LedPattern::label).collect(Collectors.joining(", ")));
    }
}
