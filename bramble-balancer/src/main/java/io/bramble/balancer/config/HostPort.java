package io.bramble.balancer.config;

import io.bramble.core.config.ConfigValueException;

/** A listen address written {@code HOST:PORT} ({@code [::1]:8080} for IPv6). */
public record HostPort(String host, int port) {
    public HostPort {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host is empty");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be between 0 and 65535 (got " + port + ")");
    }

    /** Parses {@code HOST:PORT}; {@code key} names the setting in the error. */
    public static HostPort parse(String key, String text) {
        if (text == null || text.isBlank()) throw new ConfigValueException(key, "is empty; write HOST:PORT such as 0.0.0.0:8080");
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1)
            throw new ConfigValueException(key, "'" + text + "' is not HOST:PORT such as 0.0.0.0:8080");
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigValueException(key, "'" + text + "' has no numeric port; write HOST:PORT such as 0.0.0.0:8080");
        }
        if (port < 0 || port > 65535) throw new ConfigValueException(key, "port must be between 0 and 65535 (got " + port + ")");
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
