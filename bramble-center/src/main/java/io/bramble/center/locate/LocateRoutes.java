package io.bramble.center.locate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.center.nodes.Node;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.center.nodes.NodeRoutes;
import io.bramble.center.nodes.NodeView;

/** {@code POST /api/v1/nodes/{name}/locate} {@code {"seconds":30}} and {@code DELETE} the same to clear. */
public final class LocateRoutes {
    public static final int DEFAULT_SECONDS = 60;
    private final LocateService locate;
    private final NodeRegistry nodes;
    private final Clock clock;

    public LocateRoutes(LocateService locate, NodeRegistry nodes, Clock clock) {
        this.locate = locate;
        this.nodes = nodes;
        this.clock = clock;
    }

    /** POST body; every field optional. */
    public record Request(Integer seconds) {}

    public void register(Api api) {
        api.post("/api/v1/nodes/{name}/locate", Access.OPERATOR, ctx -> {
            Node n = NodeRoutes.pathNode(nodes, ctx);
            // an empty body is fine: locate for the default time
            Request r = ctx.bodyAsBytes().length == 0 ? new Request(null) : Api.body(ctx, Request.class);
            int seconds = r.seconds() == null ? DEFAULT_SECONDS : r.seconds();
            Api.json(ctx, 202, answer(locate.locate(n, seconds, Api.principal(ctx).actor())));
        });
        api.delete("/api/v1/nodes/{name}/locate", Access.OPERATOR, ctx -> {
            Node n = NodeRoutes.pathNode(nodes, ctx);
            Api.json(ctx, 202, answer(locate.clear(n, Api.principal(ctx).actor())));
        });
    }

    private Map<String, Object> answer(LocateService.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", NodeView.of(r.node(), clock.instant(), false));
        m.put("command", r.command());
        return m;
    }
}
