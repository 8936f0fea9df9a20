package io.bramble.agent.link;

/** This node's identity at one center, from enrollment; saved in {@code <dataDir>/credential.json}. */
public record Credential(String nodeId, String name, String credential, String centerUrl) {
    public Credential {
        if (nodeId == null || nodeId.isBlank()) throw new IllegalArgumentException("credential.nodeId is required");
        if (credential == null || credential.isBlank()) throw new IllegalArgumentException("credential.credential is required");
        if (centerUrl == null || centerUrl.isBlank()) throw new IllegalArgumentException("credential.centerUrl is required");
    }

    /** Never prints the secret: records end up in logs. */
    @Override
    public String toString() {
        return "Credential[nodeId=" + nodeId + ", name=" + name + ", centerUrl=" + centerUrl + ", credential=***]";
    }
}
