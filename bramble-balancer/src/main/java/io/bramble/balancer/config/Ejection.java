package io.bramble.balancer.config;

import java.time.Duration;

import io.bramble.core.config.ConfigValueException;

/**
 * Passive ejection: a member that fails {@code consecutiveErrors} requests in a row (connect error,
 * reset, timeout, or a 5xx when {@code on5xx}) is out for {@code baseTime}, doubled on each repeat
 * up to {@code maxTime}. 0 consecutive errors turns passive ejection off.
 */
public record Ejection(Integer consecutiveErrors, Boolean on5xx, Duration baseTime, Duration maxTime) {
    public Ejection {
        consecutiveErrors = ConfigValueException.requireBetween("consecutiveErrors", consecutiveErrors == null ? 5 : consecutiveErrors, 0, 1000);
        on5xx = on5xx == null ? Boolean.TRUE : on5xx;
        baseTime = ConfigValueException.requireBetween("baseTime", baseTime == null ? Duration.ofSeconds(10) : baseTime, Duration.ofMillis(10), Duration.ofHours(1));
        maxTime = ConfigValueException.requireBetween("maxTime", maxTime == null ? Duration.ofMinutes(5) : maxTime, baseTime, Duration.ofHours(24));
    }

    public static Ejection defaults() {
        return new Ejection(null, null, null, null);
    }
}
