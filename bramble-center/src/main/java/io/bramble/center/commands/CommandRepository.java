package io.bramble.center.commands;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jdbi.v3.core.Handle;

import io.bramble.center.store.Store;
import io.bramble.core.json.Json;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for the commands table; the only class that knows it. */
final class CommandRepository {
    private static final JsonMapper JSON = Json.mapper();
    private static final TypeReference<Map<String, String>> ARGS = new TypeReference<>() {};
    private static final String COLUMNS = "id, node_id, type, args, status, created_at, created_by, expires_at, delivered_at, "
            + "deliveries, finished_at, result";

    private final Store store;

    CommandRepository(Store store) {
        this.store = store;
    }

    void insert(Handle h, Command c) {
        h.createUpdate("INSERT INTO commands (" + COLUMNS + ") VALUES (:id, :node, :type, :args, :status, :created, :by, :expires, "
                        + "NULL, 0, NULL, NULL)")
                .bind("id", c.id()).bind("node", c.nodeId()).bind("type", c.type()).bind("args", JSON.writeValueAsString(c.args()))
                .bind("status", c.status().wire()).bind("created", c.createdAt().toEpochMilli()).bind("by", c.createdBy())
                .bind("expires", c.expiresAt().toEpochMilli())
                .execute();
    }

    /**
     * The node's oldest open commands that have not expired, at most {@link #BATCH}: an agent works through a backlog a
     * batch per poll, and never holds more unreported ids than it remembers.
     */
    List<Command> open(Handle h, String nodeId, Instant now) {
        return h.createQuery("SELECT " + COLUMNS + " FROM commands WHERE node_id = :node AND status IN ('queued', 'delivered') "
                        + "AND expires_at > :now ORDER BY created_at, id LIMIT " + BATCH)
                .bind("node", nodeId).bind("now", now.toEpochMilli()).map((rs, c) -> read(rs)).list();
    }

    static final int BATCH = 50;

    /** Whether the node has any command not finished yet (expired ones not yet marked included). */
    boolean anyOpen(Handle h, String nodeId) {
        return h.createQuery("SELECT id FROM commands WHERE node_id = :node AND status IN ('queued', 'delivered') LIMIT 1")
                .bind("node", nodeId).mapTo(String.class).findFirst().isPresent();
    }

    void markDelivered(Handle h, String id, Instant at) {
        h.createUpdate("UPDATE commands SET status = 'delivered', delivered_at = :at, deliveries = deliveries + 1 "
                        + "WHERE id = :id AND status IN ('queued', 'delivered')")
                .bind("at", at.toEpochMilli()).bind("id", id).execute();
    }

    /** Sets a final status; only from an open one unless {@code fromExpired} (a late result still tells what happened). */
    int finish(Handle h, String id, Command.Status status, Instant at, String result, boolean fromExpired) {
        return h.createUpdate("UPDATE commands SET status = :s, finished_at = :at, result = :r WHERE id = :id AND status IN (<from>)")
                .bind("s", status.wire()).bind("at", at.toEpochMilli()).bind("r", result).bind("id", id)
                .bindList("from", fromExpired ? List.of("queued", "delivered", "expired") : List.of("queued", "delivered"))
                .execute();
    }

    Command get(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM commands WHERE id = :id").bind("id", id).map((rs, c) -> read(rs)).findOne().orElse(null);
    }

    /** Open commands past their TTL. */
    List<Command> overdue(Handle h, Instant now) {
        return h.createQuery("SELECT " + COLUMNS + " FROM commands WHERE status IN ('queued', 'delivered') AND expires_at <= :now")
                .bind("now", now.toEpochMilli()).map((rs, c) -> read(rs)).list();
    }

    /** Nodes with at least one open command: the long-poll skips the store for every other node. */
    Set<String> nodesWithOpen() {
        return store.jdbi().withHandle(h -> Set.copyOf(h.createQuery("SELECT DISTINCT node_id FROM commands WHERE status IN ('queued', 'delivered')")
                .mapTo(String.class).list()));
    }

    List<Command> recent(String nodeId, int limit) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM commands WHERE node_id = :node "
                        + "ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("node", nodeId).bind("limit", limit).map((rs, c) -> read(rs)).list());
    }

    int deleteFinishedBefore(Instant before) {
        return store.jdbi().withHandle(h -> h.createUpdate("DELETE FROM commands WHERE status IN ('done', 'failed', 'expired') AND created_at < :b")
                .bind("b", before.toEpochMilli()).execute());
    }

    private static Command read(ResultSet rs) throws SQLException {
        return new Command(rs.getString("id"), rs.getString("node_id"), null, rs.getString("type"), JSON.readValue(rs.getString("args"), ARGS),
                Command.Status.parse(rs.getString("status")), Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("created_by"),
                Instant.ofEpochMilli(rs.getLong("expires_at")), time(rs, "delivered_at"), rs.getInt("deliveries"), time(rs, "finished_at"),
                rs.getString("result"));
    }

    private static Instant time(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
