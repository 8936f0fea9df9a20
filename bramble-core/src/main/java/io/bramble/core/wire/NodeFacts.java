package io.bramble.core.wire;

import java.util.List;

/**
 * What an agent knows about its machine, sent at enrollment. Fields the machine lacks (a PC has no
 * Pi serial or revision code) are null. {@code serial} falls back to the machine id off a Pi.
 */
public record NodeFacts(
        String serial,
        List<String> macs,
        String hostname,
        String model,
        String revisionCode,
        BoardInfo board,
        Long memoryBytes,
        String os,
        String kernel,
        String arch,
        String agentVersion,
        boolean simulated) {

    public NodeFacts {
        if (serial == null || serial.isBlank()) throw new IllegalArgumentException("facts.serial is required");
        if (serial.length() > 64) throw new IllegalArgumentException("facts.serial must be at most 64 characters");
        if (hostname == null || hostname.isBlank()) throw new IllegalArgumentException("facts.hostname is required");
        macs = macs == null ? List.of() : List.copyOf(macs);
    }
}
