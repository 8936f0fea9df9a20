package io.bramble.core.wire;

/** {@code POST /api/v1/agent/enroll}: a join token plus the machine's facts. */
public record EnrollRequest(String joinToken, NodeFacts facts) {
    public EnrollRequest {
        if (joinToken == null || joinToken.isBlank()) throw new IllegalArgumentException("joinToken is required");
        if (facts == null) throw new IllegalArgumentException("facts is required");
    }
}
