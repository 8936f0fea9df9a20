package io.bramble.center.boot;

import java.time.Instant;

/**
 * Netboot's record of one node: the profile it is assigned, the one-time enrollment token its generated files carry,
 * a generation that changes on every assign/reprovision (and so the content version), the deadline of the current
 * stage and the installer's last progress report.
 */
public record NodeBoot(String nodeId, String profile, String tokenId, String token, long generation, Instant since,
                       Instant deadline, String stage, Integer percent, String message, Instant progressAt,
                       String failedReason, boolean autoEnlisted) {

    static NodeBoot fresh(String nodeId, Instant now, boolean autoEnlisted) {
        return new NodeBoot(nodeId, null, null, null, 0, now, null, null, null, null, null, null, autoEnlisted);
    }

    NodeBoot withToken(String id, String secret) {
        return new NodeBoot(nodeId, profile, id, secret, generation, since, deadline, stage, percent, message, progressAt, failedReason, autoEnlisted);
    }

    /** A new stage: new generation, no progress yet, the given deadline. */
    NodeBoot restart(String newProfile, Instant now, Instant newDeadline) {
        return new NodeBoot(nodeId, newProfile, null, null, generation + 1, now, newDeadline, null, null, null, null, null, autoEnlisted);
    }

    NodeBoot withProgress(String newStage, Integer newPercent, String newMessage, Instant at) {
        return new NodeBoot(nodeId, profile, tokenId, token, generation, since, deadline, newStage, newPercent, newMessage, at, failedReason, autoEnlisted);
    }

    NodeBoot ended(Instant now, String reason) {
        return new NodeBoot(nodeId, profile, tokenId, token, generation, now, null, stage, percent, message, progressAt, reason, autoEnlisted);
    }

    NodeBoot withDeadline(Instant now, Instant newDeadline) {
        return new NodeBoot(nodeId, profile, tokenId, token, generation, now, newDeadline, stage, percent, message, progressAt, failedReason, autoEnlisted);
    }
}
