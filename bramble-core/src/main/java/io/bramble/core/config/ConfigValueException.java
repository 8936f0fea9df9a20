package io.bramble.core.config;

/**
 * Thrown by a config record's compact constructor for a value out of range; names the key relative
 * to that record so the loader can point at the file line.
 */
public final class ConfigValueException extends IllegalArgumentException {
    private final String key;

    public ConfigValueException(String key, String reason) {
        super(key + ": " + reason);
        this.key = key;
    }

    public String key() { return key; }

    public String reason() {
        return getMessage().substring(key.length() + 2);
    }

    /** Fails unless {@code min <= value <= max}. */
    public static int requireBetween(String key, int value, int min, int max) {
        if (value < min || value > max)
            throw new ConfigValueException(key, "must be between " + min + " and " + max + " (got " + value + ")");
        return value;
    }

    /** Fails unless the duration lies between the bounds. */
    public static java.time.Duration requireBetween(String key, java.time.Duration value, java.time.Duration min, java.time.Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0)
            throw new ConfigValueException(key, "must be between " + Durations.format(min) + " and " + Durations.format(max)
                    + " (got " + Durations.format(value) + ")");
        return value;
    }
}
