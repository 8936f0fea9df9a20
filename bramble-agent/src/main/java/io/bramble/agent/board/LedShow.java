package io.bramble.agent.board;

/** A colour and a pattern together, written {@code amber blink} in agent.yaml. */
public record LedShow(LedColour colour, LedPattern pattern) {
    public LedShow {
        if (colour == null) throw new IllegalArgumentException("an LED colour is required");
        if (pattern == null) pattern = LedPattern.SOLID;
    }

    /** Parses {@code green}, {@code green solid}, {@code blue fast_blink}. */
    public static LedShow parse(String text) {
        String[] words = text == null ? new String[0] : text.strip().split("\\s+");
        if (words.length < 1 || words.length > 2 || words[0].isEmpty())
            throw new IllegalArgumentException("'" + text + "' must be a colour and an optional pattern, such as 'amber blink'");
        return new LedShow(LedColour.of(words[0]), words.length == 2 ? LedPattern.of(words[1]) : LedPattern.SOLID);
    }

    @Override
    public String toString() {
        return colour.label() + " " + pattern.label();
    }
}
