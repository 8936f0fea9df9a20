package io.bramble.balancer.config;

import io.bramble.core.config.ConfigValueException;

/**
 * Request limits: {@code maxInitialLineBytes} (answered 414), {@code maxHeaderBytes} (431),
 * {@code maxBodyBytes} (413), {@code maxIdlePerMember} pooled connections per member per event loop.
 */
public record Limits(Integer maxInitialLineBytes, Integer maxHeaderBytes, Long maxBodyBytes, Integer maxIdlePerMember) {
    public Limits {
        maxInitialLineBytes = ConfigValueException.requireBetween("maxInitialLineBytes", maxInitialLineBytes == null ? 8192 : maxInitialLineBytes, 256, 1 << 20);
        maxHeaderBytes = ConfigValueException.requireBetween("maxHeaderBytes", maxHeaderBytes == null ? 16384 : maxHeaderBytes, 1024, 1 << 20);
        long body = maxBodyBytes == null ? 100L << 20 : maxBodyBytes;
        if (body < 0 || body > (1L << 40))
            throw new ConfigValueException("maxBodyBytes", "must be between 0 and " + (1L << 40) + " (got " + body + ")");
        maxBodyBytes = body;
        maxIdlePerMember = ConfigValueException.requireBetween("maxIdlePerMember", maxIdlePerMember == null ? 256 : maxIdlePerMember, 0, 100_000);
    }

    public static Limits defaults() {
        return new Limits(null, null, null, null);
    }
}
