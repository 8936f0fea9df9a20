package io.bramble.core.wire;

import java.time.Instant;
import java.util.Map;

/**
 * A command for one agent, from {@code GET /api/v1/agent/commands}: {@code locate}, {@code led},
 * {@code fan}, {@code reboot} or (simulated nodes only) {@code press}. The agent runs a given
 * {@code id} at most once and answers {@code POST /api/v1/agent/commands/{id}/result}.
 */
public record AgentCommand(String id, String type, Map<String, String> args, Instant expiresAt) {
    public AgentCommand {
        if (id == null || !id.matches("[A-Za-z0-9_-]{1,32}"))
            throw new IllegalArgumentException("command.id must be 1 to 32 letters, digits, '_' or '-' (got " + id + ")");
        if (type == null || !type.matches("[a-z][a-z0-9_.-]{0,31}"))
            throw new IllegalArgumentException("command.type must be lower-case letters, digits, '.', '_' or '-', at most 32 (got " + type + ")");
        args = args == null ? Map.of() : Map.copyOf(args);
    }
}
