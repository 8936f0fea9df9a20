package io.bramble.balancer.manager;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Manager login sessions: an unguessable id (the HttpOnly cookie) and a CSRF token per session. */
final class Sessions {
    static final Duration LIFETIME = Duration.ofHours(8);
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    record Session(String id, String csrf, long expiresMillis) {}

    Sessions(Clock clock) {
        this.clock = clock;
    }

    Session create() {
        purge();
        Session s = new Session(token(), token(), clock.millis() + LIFETIME.toMillis());
        byId.put(s.id(), s);
        return s;
    }

    Session find(String id) {
        if (id == null) return null;
        Session s = byId.get(id);
        if (s == null) return null;
        if (s.expiresMillis() < clock.millis()) {
            byId.remove(id);
            return null;
        }
        return s;
    }

    void remove(String id) {
        if (id != null) byId.remove(id);
    }

    private void purge() {
        long now = clock.millis();
        byId.values().removeIf(s -> s.expiresMillis() < now);
    }

    private String token() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
