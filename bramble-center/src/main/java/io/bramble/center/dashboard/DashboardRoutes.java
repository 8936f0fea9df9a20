package io.bramble.center.dashboard;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.center.api.ApiException;
import io.bramble.center.auth.Principal;
import io.bramble.center.config.CenterConfig;
import io.bramble.center.nodes.Node;
import io.bramble.core.json.Json;
import io.javalin.http.Context;

/**
 * The Control Center dashboard: the login page, the fleet (rack, table, overview, row power), each
 * node's page (with its outlet), the events timeline and the provisioning page, plus their static files. Pages are thin shells; their scripts read the
 * REST API and the SSE stream like any other client, so the UI can do nothing the API does not allow.
 */
public final class DashboardRoutes {
    /** Pages may load only the center's own scripts, styles and images, and may not be framed. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final CenterConfig config;
    private final Clock clock;
    private final Assets assets;

    public DashboardRoutes(CenterConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.assets = new Assets(DashboardRoutes.class.getClassLoader());
    }

    public void register(Api api) {
        api.get("/login", Access.OPEN, ctx -> page(ctx, "login.html", null, Map.of()));
        api.get("/", Access.VIEWER, ctx -> page(ctx, "fleet.html", Api.principal(ctx), Map.of()));
        api.get("/events", Access.VIEWER, ctx -> page(ctx, "events.html", Api.principal(ctx), Map.of()));
        api.get("/provisioning", Access.VIEWER, ctx -> page(ctx, "provisioning.html", Api.principal(ctx), Map.of()));
        api.get("/rows/{rack}/{row}", Access.VIEWER, ctx -> {
            String rack = ctx.pathParam("rack");
            String row = ctx.pathParam("row");
            if (!rack.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}") || !row.matches("[0-9]{1,2}"))
                throw new ApiException(400, "invalid_row", "'" + rack + "/" + row + "' is not a rack name and row number");
            page(ctx, "row.html", Api.principal(ctx), Map.of("rack", rack, "row", Integer.parseInt(row)));
        });
        api.get("/nodes/{name}", Access.VIEWER, ctx -> {
            String name = ctx.pathParam("name");
            if (!name.matches(Node.NAME_PATTERN))
                throw new ApiException(400, "invalid_name", "'" + name + "' is not a node name (lower-case letters, digits and '-', 1 to 63)");
            page(ctx, "node.html", Api.principal(ctx), Map.of("node", name));
        });
        // scripts and styles hold no data, and the login page needs them before anyone has a session
        api.get("/assets/<file>", Access.OPEN, this::asset);
    }

    private void asset(Context ctx) {
        Assets.Asset a = assets.find(ctx.pathParam("file"))
                .orElseThrow(() -> ApiException.notFound("no dashboard file " + ctx.pathParam("file")));
        ctx.header("ETag", a.etag());
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (a.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.contentType()).result(a.bytes());
    }

    /** Serves a page with what its script needs to start: who is looking, their CSRF token, the center's time, the racks and the health thresholds. */
    private void page(Context ctx, String template, Principal who, Map<String, Object> extra) {
        Map<String, Object> boot = new LinkedHashMap<>();
        boot.put("now", clock.instant());
        if (who != null) {
            boot.put("user", who.name());
            boot.put("role", who.role().wire());
            String cookie = ctx.cookie(Api.SESSION_COOKIE);
            if (cookie != null && ctx.header("Authorization") == null) boot.put("csrfToken", Api.csrfToken(cookie));
            boot.put("racks", racks());
            boot.put("hotCelsius", config.health().hotCelsius());
            // the node page offers what the center accepts, from the one list that checks it
            boot.put("ledColours", io.bramble.center.commands.CommandTypes.COLOURS);
            boot.put("ledPatterns", io.bramble.center.commands.CommandTypes.PATTERNS);
            boot.put("diskFullPercent", config.health().diskFullPercent());
        }
        boot.putAll(extra);
        // "<" escaped so nothing in the data can close the script element it sits in
        String json = Json.mapper().writeValueAsString(boot).replace("<", "\\u003c");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.contentType("text/html; charset=utf-8").result(assets.text(template).replace("{{BOOT}}", json));
    }

    private List<Map<String, Object>> racks() {
        return config.rack().racks().stream()
                .map(r -> Map.<String, Object>of("name", r.name(), "rows", r.rows(), "slots", r.slots())).toList();
    }
}
