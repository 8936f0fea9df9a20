package io.bramble.center.nodes;

import java.util.Locale;

/** Operational health of a node, as DESIGN.md "Data" defines it. */
public enum Health {
    /** heartbeating, nothing wrong */
    UP,
    /** heartbeating, but throttled, hot, under-voltage or with a disk nearly full */
    DEGRADED,
    /** missed heartbeats for longer than health.staleAfter */
    STALE,
    /** silent for longer than health.downAfter */
    DOWN,
    /** powered off on purpose */
    OFF;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Health parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
