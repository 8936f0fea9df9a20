package io.bramble.center.nodes;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.core.wire.EnrollRequest;
import io.bramble.core.wire.EventBatch;
import io.bramble.core.wire.Heartbeat;

/** What agents call: enroll with a join token, then heartbeat and send events with their node credential. */
public final class AgentRoutes {
    private final NodeRegistry nodes;
    // what follows a heartbeat's commit (memory, listeners, the reply) runs here, off the store's writer thread
    private final ThreadFactory replies = Thread.ofVirtual().name("heartbeat-reply").factory();
    private final Executor afterCommit = r -> replies.newThread(r).start();

    public AgentRoutes(NodeRegistry nodes) {
        this.nodes = nodes;
    }

    public void register(Api api) {
        api.post("/api/v1/agent/enroll", Access.JOIN, ctx -> {
            EnrollRequest req = Api.body(ctx, EnrollRequest.class);
            Api.json(ctx, 201, nodes.enroll(req, Api.clientAddress(ctx)));
        });
        // the hot path (10,000 nodes every 5 s): a lean handler in front of Javalin, same auth and errors
        api.agentPost("/api/v1/agent/heartbeat", Heartbeat.class, HeartbeatReader::read,
                (node, hb, address) -> {
                    nodes.recordBoard(node.nodeId(), hb.board());
                    return nodes.heartbeatAsync(node.nodeId(), hb.sample(), address, afterCommit);
                });
        api.post("/api/v1/agent/events", Access.AGENT, ctx -> {
            EventBatch batch = Api.body(ctx, EventBatch.class);
            long last = nodes.events(Api.principal(ctx).nodeId(), batch.events());
            Api.json(ctx, Map.of("accepted", batch.events().size(), "lastSeq", last));
        });
    }
}
