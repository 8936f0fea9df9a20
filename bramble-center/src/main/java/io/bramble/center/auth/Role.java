package io.bramble.center.auth;

import java.util.Locale;

/** What a person or script may do: viewers look, operators also locate/power/exec, admins change everything. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public boolean atLeast(Role required) {
        return compareTo(required) >= 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role r : values()) if (r.wire().equals(text)) return r;
        throw new IllegalArgumentException("role must be viewer, operator or admin (got " + text + ")");
    }
}
