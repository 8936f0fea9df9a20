package io.bramble.center.nodes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.center.api.ApiException;
import io.bramble.center.api.Query;
import io.bramble.center.events.EventLog;
import io.javalin.http.Context;

/** The nodes API: list, detail, edit, history and events of each node. */
public final class NodeRoutes {
    private static final Duration RAW_UP_TO = Duration.ofHours(6);
    private final NodeRegistry nodes;
    private final EventLog events;
    private final Clock clock;

    public NodeRoutes(NodeRegistry nodes, EventLog events, Clock clock) {
        this.nodes = nodes;
        this.events = events;
        this.clock = clock;
    }

    /** PATCH body: any of name, roles, labels, location; the rest is left as it is. */
    public record Patch(String name, List<String> roles, Map<String, String> labels, Location location) {}

    public void register(Api api) {
        api.get("/api/v1/nodes", Access.VIEWER, ctx -> {
            Instant now = clock.instant();
            Api.json(ctx, Map.of("nodes", nodes.list().stream().map(n -> NodeView.of(n, now, false)).toList()));
        });
        api.get("/api/v1/nodes/{name}", Access.VIEWER, ctx -> {
            Node n = node(ctx);
            Api.json(ctx, NodeView.of(n, clock.instant(), true, nodes.board(n.id())));
        });
        api.patch("/api/v1/nodes/{name}", Access.OPERATOR, ctx -> {
            Node n = node(ctx);
            Patch p = Api.body(ctx, Patch.class);
            Node updated = nodes.edit(n.name(), new NodeRegistry.Edit(p.name(), p.roles(), p.labels(), p.location()), Api.principal(ctx));
            Api.json(ctx, NodeView.of(updated, clock.instant(), true, nodes.board(updated.id())));
        });
        api.get("/api/v1/nodes/{name}/samples", Access.VIEWER, ctx -> {
            Node n = node(ctx);
            Instant to = Query.time(ctx, "to", clock.instant());
            Instant from = Query.time(ctx, "from", to.minus(Duration.ofHours(1)));
            if (!from.isBefore(to)) throw ApiException.badRequest("from must be before to");
            String res = ctx.queryParamAsClass("resolution", String.class).getOrDefault("auto");
            boolean rollups = switch (res) {
                case "raw" -> false;
                case "1m" -> true;
                case "auto" -> Duration.between(from, to).compareTo(RAW_UP_TO) > 0;
                default -> throw ApiException.badRequest("resolution must be auto, raw or 1m (got " + res + ")");
            };
            var points = nodes.samples(n, from, to, rollups, 20_000);
            Api.json(ctx, Map.of("node", n.name(), "from", from, "to", to, "resolution", rollups ? "1m" : "raw", "samples", points));
        });
        api.get("/api/v1/nodes/{name}/events", Access.VIEWER, ctx -> {
            Node n = node(ctx);
            Api.json(ctx, Map.of("events", events.recent(n.id(), before(ctx), Query.limit(ctx, 100, 1000))));
        });
        api.get("/api/v1/events", Access.VIEWER, ctx -> Api.json(ctx, Map.of("events", events.recent(null, before(ctx), Query.limit(ctx, 100, 1000)))));
    }

    private Node node(Context ctx) {
        return pathNode(nodes, ctx);
    }

    /** The node named by the route's {@code {name}}: a 400 for a malformed name, a 404 for an unknown one. */
    public static Node pathNode(NodeRegistry nodes, Context ctx) {
        String name = ctx.pathParam("name");
        if (!name.matches(Node.NAME_PATTERN))
            throw new ApiException(400, "invalid_name", "'" + name + "' is not a node name (lower-case letters, digits and '-', 1 to 63)");
        return nodes.byName(name).orElseThrow(() -> ApiException.notFound("no node named " + name + "; `bramble nodes` lists them"));
    }


    private static Long before(Context ctx) {
        String v = ctx.queryParam("before");
        if (v == null) return null;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("before must be an event id (got " + v + ")");
        }
    }
}
