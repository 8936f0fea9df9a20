package io.bramble.center.commands;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One command for one node, as stored and as the API shows it. {@code node} is the node's name when it
 * was read; {@code result} is the agent's own words (or why the center gave up on it).
 */
public record Command(String id, String nodeId, String node, String type, Map<String, String> args, Status status,
                      Instant createdAt, String createdBy, Instant expiresAt, Instant deliveredAt, int deliveries,
                      Instant finishedAt, String result) {

    public Command {
        args = Map.copyOf(args);
    }

    /** queued → delivered → done | failed; queued or delivered → expired when its TTL runs out first. */
    public enum Status {
        QUEUED, DELIVERED, DONE, FAILED, EXPIRED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean open() {
            return this == QUEUED || this == DELIVERED;
        }

        public static Status parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    Command withNode(String name) {
        return new Command(id, nodeId, name, type, args, status, createdAt, createdBy, expiresAt, deliveredAt, deliveries, finishedAt, result);
    }
}
