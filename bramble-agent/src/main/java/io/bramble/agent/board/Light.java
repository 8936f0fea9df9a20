package io.bramble.agent.board;

/** Something that can show a colour right now: one LED (any colour = on), an RGB LED, the locate LED. */
interface Light {
    void show(LedColour colour);

    /** One LED: on for any colour but OFF. */
    static Light of(DigitalOut led) {
        return c -> led.set(c != LedColour.OFF);
    }

    /** An RGB (or two-colour) LED; a missing die is null and stays dark. */
    static Light rgb(DigitalOut red, DigitalOut green, DigitalOut blue) {
        return c -> {
            if (red != null) red.set(c.red());
            if (green != null) green.set(c.green());
            if (blue != null) blue.set(c.blue());
        };
    }
}
