package io.bramble.balancer.config;

import io.bramble.core.config.ConfigValueException;

/** Cookie stickiness: when {@code cookie} is set, a client keeps its member through a cookie of that name. */
public record Sticky(String cookie) {
    public Sticky {
        cookie = cookie == null ? "" : cookie.strip();
        if (!cookie.isEmpty() && !cookie.matches("[A-Za-z0-9_\\-]{1,64}"))
            throw new ConfigValueException("cookie", "'" + cookie + "' may use letters, digits, '_' and '-' only");
    }

    public boolean enabled() {
        return !cookie.isEmpty();
    }

    public static Sticky defaults() {
        return new Sticky(null);
    }
}
