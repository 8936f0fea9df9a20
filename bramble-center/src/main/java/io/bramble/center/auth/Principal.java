package io.bramble.center.auth;

/**
 * Who is calling: a logged-in user, an API token, or an enrolled node's agent. {@code actor} is the
 * name written to the audit log, e.g. {@code admin} or {@code token:ci-deploy}.
 */
public record Principal(Kind kind, String name, Role role, String nodeId, String tokenId) {
    public enum Kind { USER, TOKEN, NODE }

    public String actor() {
        return switch (kind) {
            case USER -> name;
            case TOKEN -> "token:" + name;
            case NODE -> "node:" + name;
        };
    }
}
