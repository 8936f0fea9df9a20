package io.bramble.agent.board;

import java.util.Locale;

/**
 * How the fan is driven: {@link #auto()} follows the configured temperature curve, {@link #fixed(int)}
 * holds a duty of 0..100 %. (The component is {@code automatic} because a record cannot have both an
 * accessor and a static factory named {@code auto()}.)
 */
public record FanMode(boolean automatic, Integer percent) {
    public FanMode {
        if (automatic && percent != null)
            throw new IllegalArgumentException("fan mode auto takes no percent (got " + percent + ")");
        if (!automatic && (percent == null || percent < 0 || percent > 100))
            throw new IllegalArgumentException("a fixed fan percent must be between 0 and 100 (got " + percent + ")");
    }

    public static FanMode auto() {
        return new FanMode(true, null);
    }

    public static FanMode fixed(int percent) {
        return new FanMode(false, percent);
    }

    /** Parses {@code auto}, {@code 60}, {@code 60%} or {@code fixed 60}, as the CLI and the API write it. */
    public static FanMode parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) return auto();
        if (t.startsWith("fixed")) t = t.substring(5).strip();
        if (t.endsWith("%")) t = t.substring(0, t.length() - 1).strip();
        try {
            return fixed(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a fan mode; write auto or a percent from 0 to 100 such as 60%");
        }
    }

    /** {@code auto} or {@code fixed}, as {@link io.bramble.core.wire.BoardState#fanMode()} reports it. */
    public String label() {
        return automatic ? "auto" : "fixed";
    }

    public boolean isAuto() {
        return automatic;
    }

    @Override
    public String toString() {
        return automatic ? "auto" : percent + "%";
    }
}
