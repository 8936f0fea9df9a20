package io.bramble.center.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.center.auth.AuthService;
import io.bramble.center.auth.Principal;
import io.bramble.center.auth.Role;
import io.bramble.center.auth.Secrets;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.core.json.Json;
import io.bramble.core.wire.ApiError;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP edge shared by every feature's routes: registers routes with the access they need,
 * authenticates (bearer token, or session cookie plus CSRF token and Origin for browsers), reads
 * JSON strictly and turns every failure into {@code {"error":{"code","message"}}}.
 */
public final class Api {
    private static final Logger log = LoggerFactory.getLogger(Api.class);
    public static final String SESSION_COOKIE = "bramble_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String PRINCIPAL = "bramble.principal";
    private static final JsonMapper JSON = Json.mapper();

    private final AuthService auth;
    private final NodeRegistry nodes;
    private final List<Route> routes = new ArrayList<>();
    private final List<Consumer<JavalinConfig>> registrations = new ArrayList<>();
    private final java.util.Map<String, AgentFastPath.Route<?>> fastPosts = new java.util.concurrent.ConcurrentHashMap<>();

    public Api(AuthService auth, NodeRegistry nodes) {
        this.auth = auth;
        this.nodes = nodes;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public void get(String path, Access access, Handler h) { add(HandlerType.GET, path, access, h); }

    public void post(String path, Access access, Handler h) { add(HandlerType.POST, path, access, h); }

    public void patch(String path, Access access, Handler h) { add(HandlerType.PATCH, path, access, h); }

    public void delete(String path, Access access, Handler h) { add(HandlerType.DELETE, path, access, h); }

    public void sse(String path, Access access, Consumer<io.javalin.http.sse.SseClient> client) {
        routes.add(new Route("GET", path, access));
        // the SSE handler commits its 200 before it runs, so the check must come first
        registrations.add(cfg -> {
            cfg.routes.before(path, ctx -> authorize(ctx, access));
            cfg.routes.sse(path, client);
        });
    }

    /** What an agent route does with a node's request: the reply (as JSON), once it is ready. */
    @FunctionalInterface
    public interface AgentCall<T> {
        java.util.concurrent.CompletionStage<?> handle(Principal node, T body, String clientAddress);
    }

    /**
     * An agent's hot-path POST (heartbeats: thousands a second): answered by {@link AgentFastPath}, a plain Jetty
     * handler in front of Javalin, with the same node-credential check, JSON reading and error bodies, and
     * without holding a thread while the store commits. Listed in {@link #routes()} like any other route, and
     * also registered with Javalin so anything the fast path does not take (another method) is answered as before.
     * {@code fastRead} reads well-formed bodies faster, returning null for anything it does not take, which is then
     * read (and refused with its exact error) as every other body is.
     */
    public <T> void agentPost(String path, Class<T> type, java.util.function.Function<byte[], T> fastRead, AgentCall<T> call) {
        fastPosts.put(path, new AgentFastPath.Route<>(type, fastRead, call));
        post(path, Access.AGENT, ctx -> Api.json(ctx, await(call.handle(principal(ctx), body(ctx, type), clientAddress(ctx)))));
    }

    private static Object await(java.util.concurrent.CompletionStage<?> reply) {
        try {
            return reply.toCompletableFuture().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private void add(HandlerType type, String path, Access access, Handler h) {
        routes.add(new Route(type.name(), path, access));
        registrations.add(cfg -> cfg.routes.addEndpoint(new io.javalin.router.Endpoint(type, path, ctx -> {
            authorize(ctx, access);
            h.handle(ctx);
        })));
    }

    /** Installs the routes and error handling into a Javalin configuration. */
    public void install(JavalinConfig cfg) {
        registrations.forEach(r -> r.accept(cfg));
        long maxBody = cfg.http.maxRequestSize;
        cfg.jetty.modifyServer(server -> server.insertHandler(new AgentFastPath(this, fastPosts, maxBody)));
        cfg.routes.exception(ApiException.class, (e, ctx) -> {
            // a person opening a page without a session belongs on the login page, not on a JSON error
            if (e.status() == 401 && wantsPage(ctx)) ctx.redirect("/login?next=" + java.net.URLEncoder.encode(
                    ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()), java.nio.charset.StandardCharsets.UTF_8));
            else error(ctx, e.status(), e.code(), e.getMessage());
        });
        cfg.routes.exception(NodeRegistry.Refused.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
        cfg.routes.exception(SecurityException.class, (e, ctx) -> error(ctx, 403, "forbidden", e.getMessage()));
        cfg.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, "invalid", e.getMessage()));
        cfg.routes.exception(Exception.class, (e, ctx) -> {
            log.error("request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal", "the center failed to answer this request; see its log");
        });
        cfg.routes.error(404, "*", ctx -> {
            // an ApiException already wrote its JSON; anything else is an unknown endpoint
            if (!"application/json".equals(ctx.res().getContentType()))
                error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path());
        });
        cfg.routes.error(405, "*", ctx -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()));
        cfg.routes.error(413, "*", ctx -> error(ctx, 413, "too_large", "the request body is too large"));
    }

    /** A browser navigating to a page (not a script calling the API). */
    private static boolean wantsPage(Context ctx) {
        String accept = ctx.header("Accept");
        return ctx.method() == HandlerType.GET && !ctx.path().startsWith("/api/") && accept != null && accept.contains("text/html");
    }

    public static void error(Context ctx, int status, String code, String message) {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(ApiError.of(code, message)));
    }

    public static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(JSON.writeValueAsString(body));
    }

    public static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        json(ctx, body);
    }

    // ---- authentication ---------------------------------------------------------------------

    private void authorize(Context ctx, Access access) {
        switch (access) {
            case Access.Open o -> { }
            case Access.JoinToken j -> { } // the join token travels in the body; enrollment checks it
            case Access.Agent a -> ctx.attribute(PRINCIPAL, authenticateAgent(ctx.header("Authorization")));
            case Access.Person person -> {
                Principal p = authenticatePerson(ctx);
                if (!p.role().atLeast(person.min()))
                    throw new ApiException(403, "forbidden", "this needs the " + person.min().wire() + " role; "
                            + p.actor() + " has " + p.role().wire());
                ctx.attribute(PRINCIPAL, p);
            }
        }
    }

    /** The node an {@code Authorization} header's node credential stands for; an {@link ApiException} 401 otherwise. */
    Principal authenticateAgent(String authorization) {
        String bearer = bearer(authorization).orElseThrow(() -> new ApiException(401, "unauthorized",
                "this endpoint needs the node credential from enrollment (Authorization: Bearer bn_...)"));
        return nodes.authenticateNode(bearer).orElseThrow(() -> new ApiException(401, "unauthorized",
                "unknown or revoked node credential; the agent should enroll again"));
    }

    private Principal authenticatePerson(Context ctx) {
        Optional<String> bearer = bearer(ctx);
        if (bearer.isPresent()) {
            return auth.authenticate(bearer.get()).orElseThrow(() -> new ApiException(401, "unauthorized",
                    "unknown, expired or revoked token; log in again or create a new API token"));
        }
        String cookie = ctx.cookie(SESSION_COOKIE);
        if (cookie == null)
            throw new ApiException(401, "unauthorized", "log in first (POST /api/v1/session) and send Authorization: Bearer TOKEN");
        Principal p = auth.authenticate(cookie).orElseThrow(() -> new ApiException(401, "unauthorized", "your session has ended; log in again"));
        if (changesState(ctx)) {
            // a cookie is sent by the browser on its own; a state change also needs proof the page made it
            String origin = ctx.header("Origin");
            if (origin == null || !sameOrigin(origin, ctx))
                throw new ApiException(403, "bad_origin", "cross-site request refused (Origin " + origin + " does not match this center)");
            String csrf = ctx.header(CSRF_HEADER);
            if (csrf == null || !csrf.equals(csrfToken(cookie)))
                throw new ApiException(403, "bad_csrf", "missing or wrong " + CSRF_HEADER + " header; reload the page");
        }
        return p;
    }

    private static boolean changesState(Context ctx) {
        String m = ctx.method().name();
        return !m.equals("GET") && !m.equals("HEAD") && !m.equals("OPTIONS");
    }

    private static boolean sameOrigin(String origin, Context ctx) {
        try {
            URI o = URI.create(origin);
            String host = ctx.header("Host");
            if (host == null || o.getHost() == null) return false;
            String originHostPort = o.getHost() + (o.getPort() == -1 ? "" : ":" + o.getPort());
            return originHostPort.equalsIgnoreCase(host) || (o.getPort() == -1 && host.equalsIgnoreCase(o.getHost() + ":" + (o.getScheme().equals("https") ? 443 : 80)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The CSRF token for a session: derived from the session secret, so only a page that can read /api/v1/me knows it. */
    public static String csrfToken(String sessionBearer) {
        return Secrets.sha256("csrf|" + sessionBearer).substring(0, 32);
    }

    private static Optional<String> bearer(Context ctx) {
        return bearer(ctx.header("Authorization"));
    }

    private static Optional<String> bearer(String h) {
        if (h == null) return Optional.empty();
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) throw new ApiException(401, "unauthorized", "Authorization must be 'Bearer TOKEN'");
        return Optional.of(h.substring(7).strip());
    }

    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) throw new IllegalStateException("route has no principal");
        return p;
    }

    /** The client's address as the agent is reached from the center. */
    public static String clientAddress(Context ctx) {
        return ctx.req().getRemoteAddr();
    }

    // ---- JSON bodies -------------------------------------------------------------------------

    /** Reads the body as {@code type}, refusing a wrong content type, malformed JSON, unknown fields and invalid values. */
    public static <T> T body(Context ctx, Class<T> type) {
        requireJson(ctx.contentType());
        return parse(ctx.bodyAsBytes(), type);
    }

    /** Refuses a body that is not sent as JSON (415), before it is read. */
    static void requireJson(String ct) {
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/json"))
            throw new ApiException(415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json (got " + ct + ")");
    }

    /** The JSON {@code bytes} as {@code type}, refusing malformed JSON, unknown fields and invalid values with a 400 naming the problem. */
    static <T> T parse(byte[] bytes, Class<T> type) {
        if (bytes.length == 0) throw new ApiException(400, "bad_json", "the request body is empty; send a JSON object");
        try {
            T value = Json.readStrict(bytes, type);
            if (value == null) throw new ApiException(400, "bad_json", "the request body is null; send a JSON object");
            return value;
        } catch (Json.UnknownFieldException e) {
            throw new ApiException(400, "unknown_field", e.getMessage());
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(400, "unknown_field", "unknown field '" + path(e) + "'; known fields: " + e.getKnownPropertyIds());
        } catch (ValueInstantiationException e) {
            Throwable c = e.getCause();
            throw new ApiException(400, "invalid", c != null && c.getMessage() != null ? c.getMessage() : e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            throw new ApiException(400, "invalid", "field '" + path(e) + "' has the wrong type: " + e.getOriginalMessage());
        } catch (StreamReadException e) {
            var loc = e.getLocation();
            String why = e.getOriginalMessage().replaceAll("(?s)\\s*\\(start marker.*|\\s*at \\[Source.*", "");
            throw new ApiException(400, "bad_json", "malformed JSON" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                    + ": " + why);
        } catch (JacksonException e) {
            throw new ApiException(400, "bad_json", "cannot read the JSON body: " + e.getOriginalMessage());
        }
    }

    private static String path(JacksonException e) {
        return e.getPathReference() == null ? "?" : e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("?");
    }
}
