package io.bramble.center.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.center.audit.AuditLog;
import io.bramble.center.store.Store;

/**
 * Users, login sessions, API tokens and join tokens. Passwords are hashed slowly, token secrets with
 * SHA-256; a secret is shown once, when it is made, and never stored or logged.
 */
public final class AuthService {
    private static final Logger log = LoggerFactory.getLogger(AuthService.class);
    public static final String SESSION = "bs";
    public static final String API = "bt";
    public static final String JOIN = "bj";

    private final Store store;
    private final Passwords passwords;
    private final Secrets secrets;
    private final Clock clock;
    private final AuditLog audit;
    private final Duration sessionTtl;

    public AuthService(Store store, Passwords passwords, Secrets secrets, Clock clock, AuditLog audit, Duration sessionTtl) {
        this.store = store;
        this.passwords = passwords;
        this.secrets = secrets;
        this.clock = clock;
        this.audit = audit;
        this.sessionTtl = sessionTtl;
    }

    /** A token as listed: never its secret. */
    public record TokenInfo(String id, String kind, String name, String username, String role, Instant createdAt,
                            Instant expiresAt, Integer usesLeft, Instant lastUsedAt, boolean revoked) {}

    /** A token just made: {@code token} is the secret, shown this once. */
    public record NewToken(String token, TokenInfo info) {}

    public boolean hasUsers() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one()) > 0;
    }

    public void createUser(String actor, String username, char[] password, Role role) {
        if (username == null || !username.matches("[a-z][a-z0-9_.-]{0,63}"))
            throw new IllegalArgumentException("username must start with a lower-case letter and use a-z, 0-9, '_', '.', '-' (at most 64)");
        if (password.length < 8) throw new IllegalArgumentException("password must be at least 8 characters");
        String hash = passwords.hash(password);
        int n = store.jdbi().withHandle(h -> h.createUpdate(
                        "INSERT INTO users (username, password_hash, role, created_at) SELECT :u, :p, :r, :t "
                                + "WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = :u)")
                .bind("u", username).bind("p", hash).bind("r", role.wire()).bind("t", clock.millis()).execute());
        if (n == 0) throw new IllegalArgumentException("user " + username + " already exists");
        audit.record(actor, "user.create", "user:" + username, Map.of("role", role.wire()));
    }

    /** Checks a password; on success opens a session and returns its bearer token. */
    public Optional<NewToken> login(String username, char[] password) {
        var row = store.jdbi().withHandle(h -> h.createQuery("SELECT password_hash, role FROM users WHERE username = :u")
                .bind("u", username).map((rs, c) -> new String[] {rs.getString(1), rs.getString(2)}).findOne());
        if (row.isEmpty()) {
            // spend the same time as a real check so a wrong name and a wrong password look alike
            passwords.verify(password, passwords.hash("timing-equaliser".toCharArray()));
            return Optional.empty();
        }
        if (!passwords.verify(password, row.get()[0])) return Optional.empty();
        NewToken t = insert(SESSION, "session", username, Role.parse(row.get()[1]), clock.instant().plus(sessionTtl), null);
        log.info("login: user {}", username);
        return Optional.of(t);
    }

    public void logout(Principal p) {
        if (p.kind() == Principal.Kind.USER && p.tokenId() != null) revokeById(p.tokenId());
    }

    public NewToken createApiToken(Principal actor, String name, Role role, Duration ttl) {
        checkName(name);
        if (!actor.role().atLeast(role))
            throw new SecurityException("a " + actor.role().wire() + " cannot create a token with the " + role.wire() + " role");
        NewToken t = insert(API, name, actor.kind() == Principal.Kind.USER ? actor.name() : null, role,
                ttl == null ? null : clock.instant().plus(ttl), null);
        audit.record(actor.actor(), "token.create", "token:" + t.info().id(), Map.of("name", name, "role", role.wire()));
        return t;
    }

    /** A join token lets {@code uses} agents enroll until it expires. */
    public NewToken createJoinToken(String actor, String name, int uses, Duration ttl) {
        checkName(name);
        if (uses < 1 || uses > 100_000) throw new IllegalArgumentException("uses must be between 1 and 100000 (got " + uses + ")");
        NewToken t = insert(JOIN, name, null, Role.VIEWER, ttl == null ? null : clock.instant().plus(ttl), uses);
        audit.record(actor, "token.create", "join-token:" + t.info().id(), Map.of("name", name, "uses", uses));
        return t;
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.length() > 128)
            throw new IllegalArgumentException("name must be 1 to 128 characters");
    }

    private NewToken insert(String kind, String name, String username, Role role, Instant expires, Integer uses) {
        String id = secrets.newId();
        String secret = secrets.newSecret();
        long now = clock.millis();
        store.jdbi().useHandle(h -> h.createUpdate("INSERT INTO tokens (id, kind, name, secret_hash, username, role, created_at, "
                        + "expires_at, uses_left, last_used_at, revoked) VALUES (:id, :kind, :name, :hash, :user, :role, :now, :exp, :uses, NULL, :revoked)")
                .bind("id", id).bind("kind", kind).bind("name", name).bind("hash", Secrets.sha256(secret))
                .bind("user", username).bind("role", role.wire()).bind("now", now)
                .bind("exp", expires == null ? null : expires.toEpochMilli()).bind("uses", uses).bind("revoked", false).execute());
        TokenInfo info = new TokenInfo(id, kind, name, username, role.wire(), Instant.ofEpochMilli(now), expires, uses, null, false);
        return new NewToken(kind + "_" + id + "." + secret, info);
    }

    /** The principal a session or API token stands for, or empty when it is unknown, expired or revoked. */
    public Optional<Principal> authenticate(String bearer) {
        for (String kind : new String[] {SESSION, API}) {
            String[] parts = Secrets.split(bearer, kind);
            if (parts == null) continue;
            var row = store.jdbi().withHandle(h -> h.createQuery(
                            "SELECT name, username, role, secret_hash, expires_at, revoked, last_used_at FROM tokens WHERE id = :id AND kind = :kind")
                    .bind("id", parts[0]).bind("kind", kind)
                    .map((rs, c) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5) == null ? null : rs.getLong(5), rs.getBoolean(6), rs.getObject(7) == null ? null : rs.getLong(7)})
                    .findOne());
            if (row.isEmpty()) return Optional.empty();
            Object[] r = row.get();
            if ((Boolean) r[5] || !Secrets.matches(parts[1], (String) r[3])) return Optional.empty();
            if (r[4] != null && (Long) r[4] <= clock.millis()) return Optional.empty();
            Role role = Role.parse((String) r[2]);
            if (kind.equals(SESSION)) return Optional.of(new Principal(Principal.Kind.USER, (String) r[1], role, null, parts[0]));
            // at most one write a minute per token, and none otherwise: lookups are on every request, and even an
            // UPDATE that matches no row takes SQLite's write lock, which heartbeats' commits wait for
            long now = clock.millis();
            if (r[6] == null || (Long) r[6] < now - TOUCH_EVERY_MILLIS) touch(parts[0], now);
            return Optional.of(new Principal(Principal.Kind.TOKEN, (String) r[0], role, null, parts[0]));
        }
        return Optional.empty();
    }

    private static final long TOUCH_EVERY_MILLIS = 60_000;

    private void touch(String id, long now) {
        store.jdbi().useHandle(h -> h.createUpdate("UPDATE tokens SET last_used_at = :now WHERE id = :id "
                + "AND (last_used_at IS NULL OR last_used_at < :cut)").bind("now", now).bind("id", id).bind("cut", now - TOUCH_EVERY_MILLIS).execute());
    }

    /** Why a join token was refused, or null when it was accepted (and one use taken). */
    public String consumeJoinToken(String bearer) {
        String[] parts = Secrets.split(bearer, JOIN);
        if (parts == null) return "this is not a join token (it should start with bj_); create one with `bramble token create --join`";
        return store.jdbi().inTransaction(h -> {
            var row = h.createQuery("SELECT secret_hash, expires_at, uses_left, revoked FROM tokens WHERE id = :id AND kind = :kind")
                    .bind("id", parts[0]).bind("kind", JOIN)
                    .map((rs, c) -> new Object[] {rs.getString(1), rs.getObject(2) == null ? null : rs.getLong(2), rs.getInt(3), rs.getBoolean(4)})
                    .findOne();
            if (row.isEmpty() || !Secrets.matches(parts[1], (String) row.get()[0])) return "unknown join token";
            Object[] r = row.get();
            if ((Boolean) r[3]) return "this join token was revoked";
            if (r[1] != null && (Long) r[1] <= clock.millis()) return "this join token has expired";
            int updated = h.createUpdate("UPDATE tokens SET uses_left = uses_left - 1, last_used_at = :now WHERE id = :id AND uses_left > 0")
                    .bind("now", clock.millis()).bind("id", parts[0]).execute();
            return updated == 1 ? null : "this join token has been used up; create a new one with `bramble token create --join`";
        });
    }

    public List<TokenInfo> listTokens() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT id, kind, name, username, role, created_at, expires_at, uses_left, "
                        + "last_used_at, revoked FROM tokens WHERE kind <> :session ORDER BY created_at")
                .bind("session", SESSION)
                .map((rs, c) -> new TokenInfo(rs.getString(1), rs.getString(2).equals(API) ? "api" : "join", rs.getString(3), rs.getString(4),
                        rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)),
                        rs.getObject(7) == null ? null : Instant.ofEpochMilli(rs.getLong(7)),
                        rs.getObject(8) == null ? null : rs.getInt(8),
                        rs.getObject(9) == null ? null : Instant.ofEpochMilli(rs.getLong(9)), rs.getBoolean(10)))
                .list());
    }

    public boolean revoke(Principal actor, String id) {
        boolean done = revokeById(id);
        if (done) audit.record(actor.actor(), "token.revoke", "token:" + id, Map.of());
        return done;
    }

    private boolean revokeById(String id) {
        return store.jdbi().withHandle(h -> h.createUpdate("UPDATE tokens SET revoked = :t WHERE id = :id AND revoked = :f")
                .bind("t", true).bind("f", false).bind("id", id).execute()) == 1;
    }

    /** Whether a join token can still enroll an agent: not used up, revoked or expired. */
    public boolean joinTokenUsable(String id) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT uses_left, expires_at, revoked FROM tokens WHERE id = :id AND kind = :kind")
                .bind("id", id).bind("kind", JOIN)
                .map((rs, c) -> rs.getInt(1) > 0 && !rs.getBoolean(3) && (rs.getObject(2) == null || rs.getLong(2) > clock.millis()))
                .findOne().orElse(false));
    }
}
