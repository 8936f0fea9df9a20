package io.bramble.balancer.config;

import java.time.Duration;

import io.bramble.core.config.ConfigValueException;

/**
 * Active health checks: GET {@code path} on every member each {@code interval}; {@code rise}
 * passes in a row bring a member back, {@code fall} failures take it out; a 404 means drain.
 * An empty path turns active checks off.
 */
public record HealthCheck(String path, Duration interval, Duration timeout, Integer rise, Integer fall) {
    public HealthCheck {
        path = path == null ? "" : path.strip();
        if (!path.isEmpty() && (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c >= 127)))
            throw new ConfigValueException("path", "'" + path + "' must start with / and contain no spaces (or be empty to turn checks off)");
        interval = ConfigValueException.requireBetween("interval", interval == null ? Duration.ofSeconds(5) : interval, Duration.ofMillis(100), Duration.ofHours(1));
        timeout = ConfigValueException.requireBetween("timeout", timeout == null ? Duration.ofSeconds(2) : timeout, Duration.ofMillis(50), Duration.ofMinutes(5));
        rise = ConfigValueException.requireBetween("rise", rise == null ? 2 : rise, 1, 100);
        fall = ConfigValueException.requireBetween("fall", fall == null ? 3 : fall, 1, 100);
    }

    public boolean enabled() {
        return !path.isEmpty();
    }

    public static HealthCheck defaults() {
        return new HealthCheck(null, null, null, null, null);
    }
}
