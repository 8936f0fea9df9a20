package io.bramble.center.commands;

import java.time.Duration;
import java.util.Map;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.center.api.ApiException;
import io.bramble.center.api.Query;
import io.bramble.center.nodes.Node;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.center.nodes.NodeRoutes;
import io.bramble.core.config.Durations;
import io.bramble.core.wire.CommandBatch;
import io.bramble.core.wire.CommandResult;

/** The command channel's routes: the agent's long-poll and results, and commands as people see and send them. */
public final class CommandRoutes {
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(25);
    private final CommandService commands;
    private final NodeRegistry nodes;

    public CommandRoutes(CommandService commands, NodeRegistry nodes) {
        this.commands = commands;
        this.nodes = nodes;
    }

    /** POST body of {@code /api/v1/nodes/{name}/commands}. */
    public record Request(String type, Map<String, Object> args, Integer ttlSeconds) {}

    public void register(Api api) {
        api.get("/api/v1/agent/commands", Access.AGENT, ctx -> {
            Duration wait = wait(ctx.queryParam("wait"));
            Api.json(ctx, new CommandBatch(commands.poll(Api.principal(ctx).nodeId(), wait)));
        });
        api.post("/api/v1/agent/commands/{id}/result", Access.AGENT, ctx -> {
            CommandResult r = Api.body(ctx, CommandResult.class);
            Command c = commands.result(Api.principal(ctx).nodeId(), ctx.pathParam("id"), r);
            Api.json(ctx, Map.of("id", c.id(), "status", c.status().wire()));
        });
        api.get("/api/v1/nodes/{name}/commands", Access.VIEWER, ctx -> {
            Node n = NodeRoutes.pathNode(nodes, ctx);
            Api.json(ctx, Map.of("commands", commands.recent(n, Query.limit(ctx, 50, 500))));
        });
        api.post("/api/v1/nodes/{name}/commands", Access.OPERATOR, ctx -> {
            Node n = NodeRoutes.pathNode(nodes, ctx);
            Request r = Api.body(ctx, Request.class);
            CommandTypes.Checked checked = CommandTypes.check(r.type(), r.args(),
                    r.ttlSeconds() == null ? null : Duration.ofSeconds(r.ttlSeconds()), n.simulated());
            Api.json(ctx, 202, commands.enqueue(n, checked, Api.principal(ctx).actor(), true));
        });
        api.get("/api/v1/commands/{id}", Access.VIEWER, ctx -> Api.json(ctx,
                commands.get(ctx.pathParam("id")).orElseThrow(() -> ApiException.notFound("no command " + ctx.pathParam("id")))));
    }

    /** {@code wait=25s} (or plain seconds); at most {@link CommandService#MAX_WAIT}. */
    static Duration wait(String v) {
        if (v == null || v.isBlank()) return DEFAULT_WAIT;
        Duration d;
        try {
            d = v.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(v)) : Durations.parse(v);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("wait must be a duration such as 25s or 0 (got " + v + ")");
        }
        if (d.isNegative() || d.compareTo(CommandService.MAX_WAIT) > 0)
            throw ApiException.badRequest("wait must be from 0 to " + CommandService.MAX_WAIT.toSeconds() + "s (got " + v + ")");
        return d;
    }
}
