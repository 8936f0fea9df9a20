package io.bramble.center.power;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.center.api.ApiException;
import io.bramble.center.api.Query;
import io.javalin.http.Context;

/** The power API: state, readings and budget (viewer); switching on, off and cycling (operator). */
public final class PowerRoutes {
    private final PowerService power;
    private final PowerWatchdog watchdog;
    private final Clock clock;

    public PowerRoutes(PowerService power, PowerWatchdog watchdog, Clock clock) {
        this.power = power;
        this.watchdog = watchdog;
        this.clock = clock;
    }

    /** POST body: the nodes to switch, as a node set such as {@code node[01-04]} or {@code @web}. */
    public record Request(String nodes) {
        public Request {
            if (nodes == null || nodes.isBlank()) throw new IllegalArgumentException("nodes: name the nodes to switch, such as node[01-04] or @web");
            if (nodes.length() > 4096) throw new IllegalArgumentException("nodes: at most 4096 characters");
        }
    }

    public void register(Api api) {
        api.get("/api/v1/power", Access.VIEWER, ctx -> {
            if ("true".equals(ctx.queryParam("refresh"))) power.refresh();
            Api.json(ctx, power.view());
        });
        for (PowerService.Action a : PowerService.Action.values()) {
            api.post("/api/v1/power/" + a.wire(), Access.OPERATOR, ctx -> {
                Request r = Api.body(ctx, Request.class);
                PowerJob job = power.start(a, r.nodes(), Api.principal(ctx).actor());
                ctx.header("Location", "/api/v1/power/jobs/" + job.id());
                Api.json(ctx, 202, job.view());
            });
        }
        api.get("/api/v1/power/jobs", Access.VIEWER, ctx -> Api.json(ctx, Map.of("jobs", power.jobs().stream().map(PowerJob::view).toList())));
        api.get("/api/v1/power/jobs/{id}", Access.VIEWER, ctx -> {
            String id = ctx.pathParam("id");
            PowerJob job = power.job(id).orElseThrow(() -> ApiException.notFound("no power job " + id + " (the center keeps the last 100)"));
            Api.json(ctx, job.view());
        });
        api.get("/api/v1/power/rows/{rack}/{row}/readings", Access.VIEWER, ctx -> {
            String rack = ctx.pathParam("rack");
            int row;
            try {
                row = Integer.parseInt(ctx.pathParam("row"));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("row must be a number (got " + ctx.pathParam("row") + ")");
            }
            Instant to = Query.time(ctx, "to", clock.instant());
            Instant from = Query.time(ctx, "from", to.minus(Duration.ofHours(1)));
            if (!from.isBefore(to)) throw ApiException.badRequest("from must be before to");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rack", rack);
            body.put("row", row);
            body.put("from", from);
            body.put("to", to);
            body.put("readings", power.rowReadings(rack, row, from, to));
            Api.json(ctx, body);
        });
        api.get("/api/v1/power/{name}/readings", Access.VIEWER, ctx -> {
            String name = ctx.pathParam("name");
            if (power.outlet(name).isEmpty()) throw ApiException.notFound("no outlet switches " + name + "; see center.yaml power.outlets");
            Instant to = Query.time(ctx, "to", clock.instant());
            Instant from = Query.time(ctx, "from", to.minus(Duration.ofHours(1)));
            if (!from.isBefore(to)) throw ApiException.badRequest("from must be before to");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("node", name);
            body.put("from", from);
            body.put("to", to);
            body.put("readings", power.readings(name, from, to, 20_000));
            watchdog.attempts(name).ifPresent(a -> body.put("watchdog", a));
            Api.json(ctx, body);
        });
    }
}
