package io.bramble.center.power;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** One outlet that switches one node's power: a smart plug relay, a Turing Pi slot, a PoE port, a relay. */
public interface PowerSwitch {
    /** What the outlet reports. */
    enum State {
        ON, OFF, UNKNOWN;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The driver's name as center.yaml spells it. */
    String driver();

    void on() throws IOException;

    void off() throws IOException;

    /** Off, wait {@code offFor} so the Pi's capacitors drain, on again. */
    default void cycle(Duration offFor) throws IOException {
        off();
        try {
            Thread.sleep(offFor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the outlet was off; it is still off", e);
        }
        on();
    }

    State status() throws IOException;

    /** The outlet's meter, if it has one. */
    default Optional<Reading> read() throws IOException {
        return Optional.empty();
    }

    /** One meter reading; each figure is null when the device does not report it. */
    record Reading(Double watts, Double energyWh, Double volts, Double amps) {
        public Reading {
            if (watts != null && (watts.isNaN() || watts < 0)) throw new IllegalArgumentException("watts must be 0 or more (got " + watts + ")");
        }
    }
}
