package io.bramble.center.nodes;

import java.util.Locale;

/** Provisioning state of a node (DESIGN.md "Data"); a Pi enrolled by an installed agent is {@code deployed}. */
public enum Lifecycle {
    NEW, DISCOVERING, READY, PROVISIONING, DEPLOYED, DISKLESS, FAILED, RETIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Lifecycle parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
