package io.bramble.balancer.config;

import java.time.Duration;

import io.bramble.core.config.ConfigValueException;

/**
 * Proxy timeouts: {@code connect} to a member, {@code response} the longest silence from a member
 * once the request is sent (like nginx's proxy_read_timeout), {@code clientIdle} an idle client
 * keep-alive connection, {@code upstreamIdle} an idle pooled member connection.
 */
public record Timeouts(Duration connect, Duration response, Duration clientIdle, Duration upstreamIdle) {
    private static final Duration MIN = Duration.ofMillis(10);
    private static final Duration MAX = Duration.ofHours(1);

    public Timeouts {
        connect = ConfigValueException.requireBetween("connect", connect == null ? Duration.ofSeconds(2) : connect, MIN, MAX);
        response = ConfigValueException.requireBetween("response", response == null ? Duration.ofSeconds(60) : response, MIN, MAX);
        clientIdle = ConfigValueException.requireBetween("clientIdle", clientIdle == null ? Duration.ofSeconds(60) : clientIdle, MIN, MAX);
        upstreamIdle = ConfigValueException.requireBetween("upstreamIdle", upstreamIdle == null ? Duration.ofSeconds(30) : upstreamIdle, MIN, MAX);
    }

    public static Timeouts defaults() {
        return new Timeouts(null, null, null, null);
    }
}
