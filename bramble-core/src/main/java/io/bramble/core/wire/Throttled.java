package io.bramble.core.wire;

/**
 * Firmware health as reported by {@code vcgencmd get_throttled}: each condition now and since boot.
 * The bit layout is the Raspberry Pi firmware's: 0 under-voltage, 1 ARM frequency capped,
 * 2 currently throttled, 3 soft temperature limit; bits 16-19 the same conditions since boot.
 */
public record Throttled(
        long raw,
        boolean underVoltage,
        boolean freqCapped,
        boolean throttled,
        boolean softTempLimit,
        boolean underVoltageOccurred,
        boolean freqCappedOccurred,
        boolean throttledOccurred,
        boolean softTempLimitOccurred) {

    /** Decodes the firmware's bit field, e.g. {@code 0x50005}. */
    public static Throttled fromBits(long bits) {
        return new Throttled(bits,
                (bits & 0x1) != 0, (bits & 0x2) != 0, (bits & 0x4) != 0, (bits & 0x8) != 0,
                (bits & 0x10000) != 0, (bits & 0x20000) != 0, (bits & 0x40000) != 0, (bits & 0x80000) != 0);
    }

    /** True when any condition holds right now. */
    public boolean anyNow() {
        return underVoltage || freqCapped || throttled || softTempLimit;
    }
}
