package io.bramble.center.nodes;

import java.util.Map;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.core.wire.EnrollRequest;
import io.bramble.core.wire.EventBatch;
import io.bramble.core.wire.Heartbeat;

/** What agents call: enroll with a join token, then heartbeat and send events with their node credential. */
public final class AgentRoutes {
    private final NodeRegistry nodes;

    public AgentRoutes(NodeRegistry nodes) {
        this.nodes = nodes;
    }

    public void register(Api api) {
        api.post("/api/v1/agent/enroll", Access.JOIN, ctx -> {
            EnrollRequest req = Api.body(ctx, EnrollRequest.class);
            Api.json(ctx, 201, nodes.enroll(req, Api.clientAddress(ctx)));
        });
        api.post("/api/v1/agent/heartbeat", Access.AGENT, ctx -> {
            Heartbeat hb = Api.body(ctx, Heartbeat.class);
            String nodeId = Api.principal(ctx).nodeId();
            nodes.recordBoard(nodeId, hb.board());
            Api.json(ctx, nodes.heartbeat(nodeId, hb.sample(), Api.clientAddress(ctx)));
        });
        api.post("/api/v1/agent/events", Access.AGENT, ctx -> {
            EventBatch batch = Api.body(ctx, EventBatch.class);
            long last = nodes.events(Api.principal(ctx).nodeId(), batch.events());
            Api.json(ctx, Map.of("accepted", batch.events().size(), "lastSeq", last));
        });
    }
}
