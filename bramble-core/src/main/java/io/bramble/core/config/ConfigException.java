package io.bramble.core.config;

/**
 * A configuration file that cannot be used, with where and why: {@code center.yaml line 12: rack.rows:
 * must be between 1 and 64 (got 0)}. The running configuration is kept when this is thrown.
 */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final int line;
    private final String key;
    private final String reason;

    public ConfigException(String file, int line, String key, String reason) {
        super(format(file, line, key, reason));
        this.file = file;
        this.line = line;
        this.key = key;
        this.reason = reason;
    }

    private static String format(String file, int line, String key, String reason) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) sb.append(" line ").append(line);
        sb.append(": ");
        if (key != null && !key.isEmpty()) sb.append(key).append(": ");
        return sb.append(reason).toString();
    }

    public String file() { return file; }

    /** 1-based line, or 0 when the problem is with the file as a whole. */
    public int line() { return line; }

    /** Dotted key path such as {@code store.url}, or null when the problem is not with one key. */
    public String key() { return key; }

    public String reason() { return reason; }
}
