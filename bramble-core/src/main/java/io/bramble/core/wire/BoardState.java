package io.bramble.core.wire;

/**
 * What a node's board has (button, locate LED, status LEDs, fan) and what it is doing now; sent by the
 * agent in each heartbeat and shown on the node page. A part that is missing says why in its detail.
 *
 * @param simulated   true when every part is the agent's simulation (demo, tests), never real hardware
 * @param ledColour   status LED colour now (off, red, green, ...); null without status LEDs
 * @param ledPattern  status LED pattern now (solid, blink, ...); null without status LEDs
 * @param ledOverride true while an operator's setting replaces the health mapping
 * @param locating    true while the locate LED blinks
 * @param fanMode     "auto", "fixed", or "kernel" for a fan the kernel drives (Pi 5 fan connector); null without a fan
 * @param fanPercent  duty the fan is driven at, 0..100; null when unknown
 * @param fanRpm      measured speed; null when the fan has no tachometer the agent can read
 */
public record BoardState(boolean simulated, Part button, Part locateLed, Part statusLeds, Part fan,
                         String ledColour, String ledPattern, boolean ledOverride, boolean locating,
                         String fanMode, Integer fanPercent, Integer fanRpm) {

    public BoardState {
        if (button == null) button = Part.absent("not reported");
        if (locateLed == null) locateLed = Part.absent("not reported");
        if (statusLeds == null) statusLeds = Part.absent("not reported");
        if (fan == null) fan = Part.absent("not reported");
        // a figure out of range is unknown, not a reason to refuse the heartbeat carrying it (the node would go stale)
        if (fanPercent != null && (fanPercent < 0 || fanPercent > 100)) fanPercent = null;
        if (fanRpm != null && fanRpm < 0) fanRpm = null;
    }

    /**
     * One part of the board.
     *
     * @param present true when the agent drives or reads it
     * @param detail  how it is connected ("GPIO 17 via gpiod, pull-up, active low") or why it is absent
     */
    public record Part(boolean present, String detail) {
        public Part {
            if (detail == null || detail.isBlank()) detail = present ? "present" : "absent";
        }

        public static Part present(String detail) {
            return new Part(true, detail);
        }

        public static Part absent(String why) {
            return new Part(false, why);
        }
    }
}
