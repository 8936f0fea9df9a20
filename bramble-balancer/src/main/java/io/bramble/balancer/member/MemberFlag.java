package io.bramble.balancer.member;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Administrative member states with Apache mod_proxy_balancer's meanings. The seventh Apache state,
 * error, is not set by hand: it comes from health checks and passive ejection (see {@link Member}).
 */
public enum MemberFlag {
    /** D: takes no requests at all, not even sticky ones. */
    DISABLED("disabled", 'D'),
    /** S: administratively stopped; takes no requests and is not health-checked back in. */
    STOPPED("stopped", 'S'),
    /** I: always considered available; errors and failed checks do not take it out. */
    IGNORE_ERRORS("ignore-errors", 'I'),
    /** H: used only when no ordinary member or spare can take the request. */
    HOT_STANDBY("hot-standby", 'H'),
    /** R: replaces an unusable ordinary member one for one. */
    HOT_SPARE("hot-spare", 'R'),
    /** N: takes only sticky requests already bound to it; no new clients. */
    DRAIN("drain", 'N');

    private final String wire;
    private final char letter;

    MemberFlag(String wire, char letter) {
        this.wire = wire;
        this.letter = letter;
    }

    public String wire() { return wire; }

    public char letter() { return letter; }

    int bit() { return 1 << ordinal(); }

    /** Accepts the wire name ({@code hot-standby}), Apache's letter ({@code H}) or the enum name; null when unknown. */
    public static MemberFlag parse(String s) {
        if (s == null) return null;
        String t = s.strip();
        for (MemberFlag f : values()) {
            if (f.wire.equalsIgnoreCase(t) || f.name().equalsIgnoreCase(t) || (t.length() == 1 && Character.toUpperCase(t.charAt(0)) == f.letter))
                return f;
        }
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(MemberFlag::wire).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wire.toLowerCase(Locale.ROOT);
    }
}
