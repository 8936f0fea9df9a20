package io.bramble.balancer.config;

import java.util.List;

import io.bramble.balancer.manager.Cidr;
import io.bramble.core.config.ConfigValueException;

/**
 * The balancer manager: {@code listen} HOST:PORT (empty: off), {@code allow} CIDRs that may connect,
 * {@code tokenSha256} the hex SHA-256 of the admin token, {@code auditLog} the file every change is
 * appended to, {@code origins} extra origins allowed to POST (the manager's own is always allowed).
 */
public record Manager(String listen, List<String> allow, String tokenSha256, String auditLog, List<String> origins) {
    public Manager {
        listen = listen == null ? "" : listen.strip();
        if (!listen.isEmpty()) HostPort.parse("listen", listen);
        allow = allow == null ? List.of("127.0.0.1/32", "::1/128") : List.copyOf(allow);
        for (int i = 0; i < allow.size(); i++) {
            try {
                Cidr.parse(allow.get(i));
            } catch (IllegalArgumentException e) {
                throw new ConfigValueException("allow[" + i + "]", e.getMessage());
            }
        }
        tokenSha256 = tokenSha256 == null ? "" : tokenSha256.strip().toLowerCase(java.util.Locale.ROOT);
        if (!tokenSha256.isEmpty() && !tokenSha256.matches("[0-9a-f]{64}"))
            throw new ConfigValueException("tokenSha256", "must be 64 hex digits: the output of `printf %s TOKEN | sha256sum`");
        if (!listen.isEmpty() && tokenSha256.isEmpty())
            throw new ConfigValueException("tokenSha256", "is required when the manager listens; create one with `printf %s TOKEN | sha256sum`");
        auditLog = auditLog == null || auditLog.isBlank() ? "balancer-audit.log" : auditLog.strip();
        origins = origins == null ? List.of() : List.copyOf(origins);
    }

    public boolean enabled() {
        return !listen.isEmpty();
    }

    public HostPort listenAddress() {
        return HostPort.parse("listen", listen);
    }

    public static Manager defaults() {
        return new Manager(null, null, null, null, null);
    }
}
