package io.bramble.center.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.bramble.center.store.Store;
import io.bramble.core.json.Json;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Append-only record of every change a person or script made: who, what, to which thing, when. */
public final class AuditLog {
    private static final JsonMapper JSON = Json.mapper();

    private final Store store;
    private final Clock clock;
    private final AtomicLong ids;

    public AuditLog(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.ids = store.sequence("audit");
    }

    public record Entry(long id, Instant at, String actor, String action, String target, Map<String, Object> detail) {}

    public void record(String actor, String action, String target, Map<String, ?> detail) {
        long id = ids.incrementAndGet();
        // through the store's writer, like the change it records: a second SQLite writer would hold heartbeats up
        store.writer().run(h -> h.createUpdate(
                        "INSERT INTO audit (id, at, actor, action, target, detail) VALUES (:id, :at, :actor, :action, :target, :detail)")
                .bind("id", id).bind("at", clock.millis()).bind("actor", actor).bind("action", action)
                .bind("target", target).bind("detail", JSON.writeValueAsString(detail))
                .execute());
    }

    public List<Entry> recent(int limit) {
        return store.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id, at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("actor"),
                        rs.getString("action"), rs.getString("target"),
                        JSON.readValue(rs.getString("detail"), new TypeReference<Map<String, Object>>() {})))
                .list());
    }
}
