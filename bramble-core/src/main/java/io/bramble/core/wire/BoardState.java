package io.bramble.core.wire;

/**
 * What a node's board has and is doing, sent with each heartbeat: which parts (locate button, locate
 * LED, status LEDs, fan) are present and how they are wired or why they are absent, the status LED's
 * colour and pattern, whether it is blinking to be found, and the fan's mode and speed.
 */
public record BoardState(boolean simulated, Part button, Part locateLed, Part statusLeds, Part fan,
                         String ledColour, String ledPattern, boolean ledOverride, boolean locating,
                         String fanMode, Integer fanPercent, Integer fanRpm) {
    /** One part: present (with how it is wired) or absent (with why). */
    public record Part(boolean present, String detail) {}
}
