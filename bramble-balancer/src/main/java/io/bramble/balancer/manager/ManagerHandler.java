package io.bramble.balancer.manager;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.balancer.Balancer;
import io.bramble.balancer.config.BalancerConfig;
import io.bramble.balancer.feed.MemberFeed;
import io.bramble.balancer.member.Member;
import io.bramble.balancer.member.MemberFlag;
import io.bramble.balancer.proxy.ProxyStats;
import io.bramble.core.config.ConfigException;
import io.bramble.core.json.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests to the manager. Only clients inside the allowed CIDRs get an answer. Reads need the
 * admin token (Bearer) or a login session; every change is a POST, and a change made with the
 * session cookie must also carry the session's CSRF token and an Origin (or Referer) of the manager
 * itself. Every change goes to the audit log.
 */
final class ManagerHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ManagerHandler.class);
    static final String COOKIE = "bramble_manager";
    private final Balancer balancer;
    private final Sessions sessions;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json = Json.mapper();

    ManagerHandler(Balancer balancer, Sessions sessions, AuditLog audit, Clock clock) {
        this.balancer = balancer;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    private record Caller(String actor, Sessions.Session session, String remote) {}

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String remote = remoteIp(ctx);
        FullHttpResponse resp;
        try {
            if (!allowed(ctx)) {
                log.warn("manager: refused {} (not in manager.allow)", remote);
                resp = error(HttpResponseStatus.FORBIDDEN, "forbidden", "the manager does not accept connections from " + remote);
                HttpUtil.setKeepAlive(resp, false);
                ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (!req.decoderResult().isSuccess()) {
                resp = error(HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed request");
            } else {
                resp = route(req, remote);
            }
        } catch (RuntimeException e) {
            log.warn("manager: {} {} failed", req.method(), req.uri(), e);
            resp = error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", e.getMessage() == null ? e.toString() : e.getMessage());
        }
        resp.headers().set("X-Frame-Options", "DENY");
        resp.headers().set("X-Content-Type-Options", "nosniff");
        resp.headers().set("Cache-Control", "no-store");
        resp.headers().set("Referrer-Policy", "same-origin");
        boolean keep = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(resp, keep);
        if (keep) ctx.writeAndFlush(resp);
        else ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }

    private boolean allowed(ChannelHandlerContext ctx) {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress a)) return false;
        InetAddress ip = a.getAddress();
        for (String c : balancer.config().manager().allow()) if (Cidr.parse(c).contains(ip)) return true;
        return false;
    }

    private static String remoteIp(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
    }

    private FullHttpResponse route(FullHttpRequest req, String remote) {
        String path = new QueryStringDecoder(req.uri()).path();
        HttpMethod m = req.method();
        if (path.equals("/")) return redirect("/balancer-manager");
        if (path.equals("/balancer-manager")) {
            if (m != HttpMethod.GET && m != HttpMethod.HEAD) return methodNotAllowed("GET");
            Sessions.Session s = sessions.find(cookie(req));
            return s == null ? html(HttpResponseStatus.OK, Page.login(null)) : html(HttpResponseStatus.OK, Page.manager(balancer, s.csrf(), clock.millis()));
        }
        if (path.equals("/balancer-manager/login")) {
            if (m != HttpMethod.POST) return methodNotAllowed("POST");
            if (!originOk(req, true)) return html(HttpResponseStatus.FORBIDDEN, Page.login("Refused: the request did not come from this page (Origin check)."));
            Map<String, List<String>> form = form(req);
            String token = first(form, "token");
            if (!tokenOk(token)) {
                audit.append("anonymous", remote, "login.failed", null, null, null);
                return html(HttpResponseStatus.UNAUTHORIZED, Page.login("Wrong token."));
            }
            Sessions.Session s = sessions.create();
            audit.append("token", remote, "login", null, null, null);
            FullHttpResponse r = redirect("/balancer-manager");
            r.headers().add(HttpHeaderNames.SET_COOKIE, COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                    + Sessions.LIFETIME.toSeconds());
            return r;
        }
        if (path.startsWith("/api/v1/") || path.startsWith("/balancer-manager/")) {
            Caller caller = authenticate(req, remote);
            boolean api = path.startsWith("/api/v1/");
            if (caller == null) {
                return api ? error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "send Authorization: Bearer TOKEN or log in at /balancer-manager")
                        : html(HttpResponseStatus.UNAUTHORIZED, Page.login("Please log in."));
            }
            if (path.equals("/api/v1/members") || path.equals("/api/v1/status")) {
                if (m != HttpMethod.GET) return methodNotAllowed("GET");
                return jsonResponse(HttpResponseStatus.OK, status());
            }
            if (path.equals("/api/v1/csrf")) {
                if (m != HttpMethod.GET) return methodNotAllowed("GET");
                if (caller.session() == null) return error(HttpResponseStatus.BAD_REQUEST, "no_session", "CSRF tokens belong to login sessions; Bearer requests need none");
                return jsonResponse(HttpResponseStatus.OK, Map.of("csrf", caller.session().csrf()));
            }
            // everything below changes state: POST only, CSRF and Origin for cookie sessions
            if (m != HttpMethod.POST) return methodNotAllowed("POST");
            String csrfSent = api ? req.headers().get("X-CSRF-Token") : first(form(req), "csrf");
            String refusal = changeRefusal(req, caller, csrfSent);
            if (refusal != null) {
                audit.append(caller.actor(), remote, "refused", path, null, Map.of("reason", refusal));
                return api ? error(HttpResponseStatus.FORBIDDEN, "csrf", refusal) : html(HttpResponseStatus.FORBIDDEN, Page.message("Refused: " + refusal));
            }
            if (path.equals("/api/v1/reload") || path.equals("/balancer-manager/reload")) {
                try {
                    BalancerConfig before = balancer.config();
                    balancer.reload();
                    audit.append(caller.actor(), remote, "config.reload", null, null, Map.of("members", balancer.members().members().size()));
                    log.info("manager: configuration reloaded by {} from {} (was {} members)", caller.actor(), remote, before.members().size());
                } catch (ConfigException | IllegalStateException e) {
                    audit.append(caller.actor(), remote, "config.reload.refused", null, null, Map.of("reason", e.getMessage()));
                    return api ? error(HttpResponseStatus.UNPROCESSABLE_ENTITY, "bad_config", e.getMessage() + " (the running configuration is unchanged)")
                            : html(HttpResponseStatus.UNPROCESSABLE_ENTITY, Page.message("Reload refused: " + e.getMessage()));
                }
                return api ? jsonResponse(HttpResponseStatus.OK, status()) : redirect("/balancer-manager");
            }
            if (path.equals("/balancer-manager/logout")) {
                sessions.remove(caller.session() == null ? null : caller.session().id());
                FullHttpResponse r = redirect("/balancer-manager");
                r.headers().add(HttpHeaderNames.SET_COOKIE, COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
                return r;
            }
            if (path.startsWith("/api/v1/members/")) {
                String name = path.substring("/api/v1/members/".length());
                JsonNode body;
                try {
                    body = req.content().readableBytes() == 0 ? json.createObjectNode() : json.readTree(req.content().toString(StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    return error(HttpResponseStatus.BAD_REQUEST, "bad_json", "the body must be JSON like {\"weight\":2,\"set\":[\"drain\"],\"clear\":[\"disabled\"]}");
                }
                Integer weight = body.hasNonNull("weight") ? body.get("weight").asInt() : null;
                if (body.hasNonNull("weight") && !body.get("weight").isIntegralNumber())
                    return error(HttpResponseStatus.BAD_REQUEST, "bad_weight", "weight must be a whole number between 1 and 100");
                List<String> set = strings(body.get("set")), clear = strings(body.get("clear"));
                for (var it = body.propertyNames().iterator(); it.hasNext(); ) {
                    String k = it.next();
                    if (!k.equals("weight") && !k.equals("set") && !k.equals("clear"))
                        return error(HttpResponseStatus.BAD_REQUEST, "unknown_field", "unknown field '" + k + "'; use weight, set and clear");
                }
                return applyChange(name, weight, set, clear, null, caller, true);
            }
            if (path.equals("/balancer-manager/member")) {
                Map<String, List<String>> f = form(req);
                String name = first(f, "name");
                String w = first(f, "weight");
                Integer weight;
                try {
                    weight = w == null || w.isBlank() ? null : Integer.parseInt(w.strip());
                } catch (NumberFormatException e) {
                    return html(HttpResponseStatus.BAD_REQUEST, Page.message("weight must be a whole number between 1 and 100"));
                }
                List<String> on = f.getOrDefault("flag", List.of());
                List<String> off = new ArrayList<>();
                for (MemberFlag fl : MemberFlag.values()) if (!on.contains(fl.wire())) off.add(fl.wire());
                return applyChange(name, weight, on, off, null, caller, false);
            }
        }
        return error(HttpResponseStatus.NOT_FOUND, "not_found", "no such page: " + path);
    }

    private FullHttpResponse applyChange(String name, Integer weight, List<String> set, List<String> clear, Object unused, Caller caller, boolean api) {
        Member member = name == null ? null : balancer.members().byName(name);
        if (member == null) return api ? error(HttpResponseStatus.NOT_FOUND, "no_member", "no member named '" + name + "'")
                : html(HttpResponseStatus.NOT_FOUND, Page.message("No member named " + name));
        if (weight != null && (weight < 1 || weight > 100))
            return api ? error(HttpResponseStatus.BAD_REQUEST, "bad_weight", "weight must be between 1 and 100 (got " + weight + ")")
                    : html(HttpResponseStatus.BAD_REQUEST, Page.message("weight must be between 1 and 100"));
        Set<MemberFlag> on = EnumSet.noneOf(MemberFlag.class), off = EnumSet.noneOf(MemberFlag.class);
        for (String s : set) {
            MemberFlag f = MemberFlag.parse(s);
            if (f == null) return error(HttpResponseStatus.BAD_REQUEST, "bad_state", "'" + s + "' is not a state; use " + MemberFlag.names());
            on.add(f);
        }
        for (String s : clear) {
            MemberFlag f = MemberFlag.parse(s);
            if (f == null) return error(HttpResponseStatus.BAD_REQUEST, "bad_state", "'" + s + "' is not a state; use " + MemberFlag.names());
            off.add(f);
        }
        MemberView.Settings before = MemberView.Settings.of(member);
        long now = clock.millis();
        if (weight != null && weight != member.weight()) member.weightByOperator(weight);
        for (MemberFlag f : on) member.flag(f, true, now);
        for (MemberFlag f : off) if (!on.contains(f)) member.flag(f, false, now);
        MemberView.Settings after = MemberView.Settings.of(member);
        if (!before.equals(after)) {
            audit.append(caller.actor(), caller.remote(), "member.update", member.name(), before, after);
            log.info("manager: {} changed member {} from {} to {}", caller.actor(), member.name(), before, after);
        }
        return api ? jsonResponse(HttpResponseStatus.OK, MemberView.of(member, now)) : redirect("/balancer-manager");
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (n.isString()) {
            out.add(n.asString());
            return out;
        }
        for (JsonNode x : n) out.add(x.asString());
        return out;
    }

    private Map<String, Object> status() {
        long now = clock.millis();
        BalancerConfig c = balancer.config();
        ProxyStats st = balancer.proxy().stats();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("balancer", c.name());
        out.put("method", c.method());
        out.put("listen", String.valueOf(balancer.address()));
        out.put("panic", balancer.router().panicking());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("connectionsOpen", st.open());
        stats.put("connectionsAccepted", st.accepted());
        stats.put("requests", st.requests());
        stats.put("refused", st.refused());
        stats.put("noMember", st.noMember());
        stats.put("gatewayErrors", st.gatewayErrors());
        stats.put("retries", st.retries());
        out.put("stats", stats);
        MemberFeed feed = balancer.feed();
        if (feed != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("url", feed.url());
            f.put("state", feed.state());
            f.put("lastUpdate", feed.lastUpdate() == null ? null : feed.lastUpdate().toString());
            f.put("lastError", feed.lastError());
            out.put("center", f);
        }
        List<MemberView> members = new ArrayList<>();
        for (Member m : balancer.members().members()) members.add(MemberView.of(m, now));
        out.put("members", members);
        return out;
    }

    // ---- authentication and CSRF ----

    private Caller authenticate(FullHttpRequest req, String remote) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokenOk(auth.substring(7).strip()) ? new Caller("token", null, remote) : null;
        }
        Sessions.Session s = sessions.find(cookie(req));
        return s == null ? null : new Caller("session:" + s.id().substring(0, 8), s, remote);
    }

    private boolean tokenOk(String token) {
        if (token == null || token.isEmpty()) return false;
        String want = balancer.config().manager().tokenSha256();
        if (want.isEmpty()) return false;
        byte[] got = HexFormat.of().formatHex(sha256(token)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(got, want.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a state-changing request is refused, or null. */
    private String changeRefusal(FullHttpRequest req, Caller caller, String csrfSent) {
        boolean cookieAuth = caller.session() != null;
        if (!originOk(req, cookieAuth)) return "Origin does not match the manager (cross-site request)";
        if (cookieAuth) {
            if (csrfSent == null || !MessageDigest.isEqual(csrfSent.getBytes(StandardCharsets.UTF_8), caller.session().csrf().getBytes(StandardCharsets.UTF_8)))
                return "missing or wrong CSRF token";
        }
        return null;
    }

    /**
     * The Origin (or, without one, the Referer's origin) must be the manager's own or one listed in
     * manager.origins. With {@code required}, a request carrying neither is refused.
     */
    private boolean originOk(FullHttpRequest req, boolean required) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            String ref = req.headers().get(HttpHeaderNames.REFERER);
            if (ref != null) {
                try {
                    URI u = URI.create(ref);
                    origin = u.getScheme() + "://" + u.getRawAuthority();
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
        if (origin == null) return !required;
        String host = req.headers().get(HttpHeaderNames.HOST);
        if (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host))) return true;
        return balancer.config().manager().origins().contains(origin);
    }

    private static String cookie(FullHttpRequest req) {
        for (String v : req.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (String part : v.split(";")) {
                String p = part.strip();
                if (p.startsWith(COOKIE + "=")) return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    private static Map<String, List<String>> form(FullHttpRequest req) {
        String body = req.content().toString(StandardCharsets.UTF_8);
        return new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters();
    }

    private static String first(Map<String, List<String>> form, String key) {
        List<String> v = form.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    // ---- responses ----

    private FullHttpResponse jsonResponse(HttpResponseStatus st, Object body) {
        byte[] b = json.writeValueAsBytes(body);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, st, Unpooled.wrappedBuffer(b));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, b.length);
        return r;
    }

    private FullHttpResponse error(HttpResponseStatus st, String code, String message) {
        return jsonResponse(st, Map.of("error", Map.of("code", code, "message", message)));
    }

    private FullHttpResponse methodNotAllowed(String allow) {
        FullHttpResponse r = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "use " + allow);
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        return r;
    }

    private static FullHttpResponse html(HttpResponseStatus st, String page) {
        byte[] b = page.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, st, Unpooled.wrappedBuffer(b));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        r.headers().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, b.length);
        return r;
    }

    private static FullHttpResponse redirect(String to) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SEE_OTHER, Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.LOCATION, to);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return r;
    }
}
