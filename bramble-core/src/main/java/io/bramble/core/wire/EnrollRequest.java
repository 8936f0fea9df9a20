package io.bramble.core.wire;

/**
 * {@code POST /api/v1/agent/enroll}: a join token plus the machine's facts, and optionally the node
 * name the agent's config asks for ({@code name} in agent.yaml; null lets the center choose).
 */
public record EnrollRequest(String joinToken, NodeFacts facts, String name) {
    public EnrollRequest {
        if (joinToken == null || joinToken.isBlank()) throw new IllegalArgumentException("joinToken is required");
        if (facts == null) throw new IllegalArgumentException("facts is required");
        if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"))
            throw new IllegalArgumentException("name must be 1 to 63 letters, digits, '.', '_' or '-' (got '" + name + "')");
    }

    /** A request that lets the center name the node. */
    public EnrollRequest(String joinToken, NodeFacts facts) {
        this(joinToken, facts, null);
    }
}
