package io.bramble.agent.board;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A status LED colour; on an RGB LED each lights a fixed set of the red, green and blue dies. */
public enum LedColour {
    OFF(false, false, false),
    RED(true, false, false),
    GREEN(false, true, false),
    BLUE(false, false, true),
    /** red and green together: the amber of a two-colour or RGB LED */
    AMBER(true, true, false),
    CYAN(false, true, true),
    MAGENTA(true, false, true),
    WHITE(true, true, true);

    private final boolean red;
    private final boolean green;
    private final boolean blue;

    LedColour(boolean red, boolean green, boolean blue) {
        this.red = red;
        this.green = green;
        this.blue = blue;
    }

    public boolean red() { return red; }

    public boolean green() { return green; }

    public boolean blue() { return blue; }

    /** Lower-case name, as written in agent.yaml and sent to the center. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code green}, {@code AMBER}, ... case-insensitively ({@code yellow} is taken as amber). */
    public static LedColour of(String text) {
        String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        if (t.equals("YELLOW") || t.equals("ORANGE")) return AMBER;
        for (LedColour c : values()) if (c.name().equals(t)) return c;
        throw new IllegalArgumentException("'" + text + "' is not an LED colour; use one of "
                + Arrays.stream(values()).map(LedColour::label).collect(Collectors.joining(", ")));
    }
}
