package io.bramble.core.wire;

import java.util.List;

/** The answer to the agent's long-poll: the commands open for it, oldest first (empty when the wait ran out). */
public record CommandBatch(List<AgentCommand> commands) {
    public CommandBatch {
        commands = commands == null ? List.of() : List.copyOf(commands);
    }
}
