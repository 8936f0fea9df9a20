package io.bramble.center.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.center.api.ApiException;
import io.bramble.center.api.Query;
import io.bramble.center.audit.AuditLog;
import io.bramble.core.config.Durations;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/** Login and logout, who am I, API and join tokens, users and the audit log. */
public final class AuthRoutes {
    private final AuthService auth;
    private final AuditLog audit;
    private final Duration sessionTtl;

    public AuthRoutes(AuthService auth, AuditLog audit, Duration sessionTtl) {
        this.auth = auth;
        this.audit = audit;
        this.sessionTtl = sessionTtl;
    }

    public record Login(String username, String password) {
        public Login {
            if (username == null || username.isBlank()) throw new IllegalArgumentException("username is required");
            if (password == null || password.isEmpty()) throw new IllegalArgumentException("password is required");
        }
    }

    public record TokenRequest(String name, String role, String ttl, Boolean join, Integer uses) {}

    public record UserRequest(String username, String password, String role) {}

    public void register(Api api) {
        api.post("/api/v1/session", Access.OPEN, ctx -> {
            Login login = Api.body(ctx, Login.class);
            var token = auth.login(login.username(), login.password().toCharArray())
                    .orElseThrow(() -> new ApiException(401, "bad_login", "wrong username or password"));
            boolean secure = "https".equals(ctx.scheme());
            ctx.cookie(new Cookie(Api.SESSION_COOKIE, token.token(), "/", (int) sessionTtl.toSeconds(), secure, true,
                    null, SameSite.STRICT));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("token", token.token());
            out.put("username", login.username());
            out.put("role", token.info().role());
            out.put("expiresAt", token.info().expiresAt());
            out.put("csrfToken", Api.csrfToken(token.token()));
            Api.json(ctx, 201, out);
        });
        api.delete("/api/v1/session", Access.VIEWER, ctx -> {
            auth.logout(Api.principal(ctx));
            ctx.removeCookie(Api.SESSION_COOKIE, "/");
            ctx.status(204);
        });
        api.get("/api/v1/me", Access.VIEWER, ctx -> {
            Principal p = Api.principal(ctx);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", p.name());
            out.put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
            out.put("role", p.role().wire());
            String cookie = ctx.cookie(Api.SESSION_COOKIE);
            if (cookie != null && ctx.header("Authorization") == null) out.put("csrfToken", Api.csrfToken(cookie));
            Api.json(ctx, out);
        });
        api.get("/api/v1/tokens", Access.ADMIN, ctx -> Api.json(ctx, Map.of("tokens", auth.listTokens())));
        api.post("/api/v1/tokens", Access.ADMIN, ctx -> {
            TokenRequest r = Api.body(ctx, TokenRequest.class);
            Duration ttl = r.ttl() == null ? null : Durations.parse(r.ttl());
            AuthService.NewToken t;
            if (Boolean.TRUE.equals(r.join())) {
                t = auth.createJoinToken(Api.principal(ctx).actor(), r.name() == null ? "join" : r.name(), r.uses() == null ? 1 : r.uses(), ttl);
            } else {
                if (r.uses() != null) throw new IllegalArgumentException("uses applies only to join tokens (\"join\": true)");
                t = auth.createApiToken(Api.principal(ctx), r.name(), r.role() == null ? Role.VIEWER : Role.parse(r.role()), ttl);
            }
            Api.json(ctx, 201, Map.of("token", t.token(), "info", t.info()));
        });
        api.delete("/api/v1/tokens/{id}", Access.ADMIN, ctx -> {
            if (!auth.revoke(Api.principal(ctx), ctx.pathParam("id"))) throw ApiException.notFound("no active token with id " + ctx.pathParam("id"));
            ctx.status(204);
        });
        api.post("/api/v1/users", Access.ADMIN, ctx -> {
            UserRequest r = Api.body(ctx, UserRequest.class);
            if (r.password() == null) throw new IllegalArgumentException("password is required");
            auth.createUser(Api.principal(ctx).actor(), r.username(), r.password().toCharArray(),
                    r.role() == null ? Role.VIEWER : Role.parse(r.role()));
            Api.json(ctx, 201, Map.of("username", r.username(), "role", r.role() == null ? "viewer" : r.role()));
        });
        api.get("/api/v1/audit", Access.ADMIN, ctx -> {
            int limit = Query.limit(ctx, 100, 1000);
            List<AuditLog.Entry> entries = audit.recent(limit);
            Api.json(ctx, Map.of("audit", entries));
        });
    }
}
