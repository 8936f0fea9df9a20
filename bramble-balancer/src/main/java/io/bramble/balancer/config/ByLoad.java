package io.bramble.balancer.config;

import io.bramble.core.config.ConfigValueException;

/**
 * Tuning of the {@code byload} method: temperature between {@code softTempCelsius} and
 * {@code hardTempCelsius} scales a member down linearly to 10 %; a throttled member gets
 * {@code throttledFactor} of its share.
 */
public record ByLoad(Double softTempCelsius, Double hardTempCelsius, Double throttledFactor) {
    public ByLoad {
        softTempCelsius = softTempCelsius == null ? 60.0 : softTempCelsius;
        hardTempCelsius = hardTempCelsius == null ? 80.0 : hardTempCelsius;
        throttledFactor = throttledFactor == null ? 0.25 : throttledFactor;
        if (softTempCelsius < 0 || softTempCelsius > 120)
            throw new ConfigValueException("softTempCelsius", "must be between 0 and 120 (got " + softTempCelsius + ")");
        if (hardTempCelsius <= softTempCelsius || hardTempCelsius > 130)
            throw new ConfigValueException("hardTempCelsius", "must be above softTempCelsius and at most 130 (got " + hardTempCelsius + ")");
        if (throttledFactor < 0.01 || throttledFactor > 1)
            throw new ConfigValueException("throttledFactor", "must be between 0.01 and 1 (got " + throttledFactor + ")");
    }

    public static ByLoad defaults() {
        return new ByLoad(null, null, null);
    }
}
