package io.bramble.agent.board;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the status LEDs can show, in priority order: the first that holds wins. Each has a key under
 * {@code board.statusLeds.show} in agent.yaml and a default look.
 */
public enum StatusCondition {
    LOCATED("located", new LedShow(LedColour.BLUE, LedPattern.BLINK)),
    UNDER_VOLTAGE("underVoltage", new LedShow(LedColour.RED, LedPattern.SOLID)),
    DISK_FULL("diskFull", new LedShow(LedColour.RED, LedPattern.SOLID)),
    THROTTLED("throttled", new LedShow(LedColour.AMBER, LedPattern.SOLID)),
    DEGRADED("degraded", new LedShow(LedColour.AMBER, LedPattern.SOLID)),
    UP("up", new LedShow(LedColour.GREEN, LedPattern.SOLID)),
    /** no health from the center yet, the center unreachable, or a health the agent does not know */
    UNKNOWN("unknown", new LedShow(LedColour.AMBER, LedPattern.SLOW_BLINK));

    private final String key;
    private final LedShow defaultShow;

    StatusCondition(String key, LedShow defaultShow) {
        this.key = key;
        this.defaultShow = defaultShow;
    }

    public String key() { return key; }

    public LedShow defaultShow() { return defaultShow; }

    static StatusCondition ofKey(String key) {
        for (StatusCondition c : values()) if (c.key.equals(key)) return c;
        throw new IllegalArgumentException("unknown condition; known: " + keys());
    }

    static String keys() {
        return Arrays.stream(values()).map(StatusCondition::key).collect(Collectors.joining(", "));
    }
}
