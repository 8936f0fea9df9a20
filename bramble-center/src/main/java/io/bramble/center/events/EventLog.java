package io.bramble.center.events;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jdbi.v3.core.Handle;

import io.bramble.center.store.Store;
import io.bramble.core.json.Json;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events timeline: node joined, went stale, throttling started, edited by whom. Append-only,
 * stored, and passed to live listeners (the SSE stream) as they happen.
 */
public final class EventLog {
    private static final JsonMapper JSON = Json.mapper();

    private final Store store;
    private final Clock clock;
    private final AtomicLong ids;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    /**
     * Listeners hear of events on this one thread, in order: most events commit on the store's writer thread, and a
     * listener that blocked there (a slow SSE client) would hold up every heartbeat behind it.
     */
    private final java.util.concurrent.ExecutorService notifier =
            java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofPlatform().name("event-listeners").daemon().factory());

    public EventLog(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.ids = store.sequence("events");
    }

    /** One thing that happened; {@code node} is the node's name at the time, null for fleet events. */
    public record Event(long id, Instant at, String nodeId, String node, String type, String actor, Map<String, Object> detail) {}

    public void addListener(Consumer<Event> listener) {
        listeners.add(listener);
    }

    public Event append(String nodeId, String nodeName, String type, String actor, Map<String, ?> detail) {
        return store.writer().call(h -> append(h, nodeId, nodeName, type, actor, clock.instant(), detail));
    }

    /** Appends inside the caller's transaction. */
    public Event append(Handle h, String nodeId, String nodeName, String type, String actor, Instant at, Map<String, ?> detail) {
        Map<String, Object> d = new java.util.LinkedHashMap<>(detail);
        if (nodeName != null) d.putIfAbsent("node", nodeName);
        Event e = new Event(ids.incrementAndGet(), at, nodeId, nodeName, type, actor, d);
        h.createUpdate("INSERT INTO events (id, at, node_id, type, actor, detail) VALUES (:id, :at, :node, :type, :actor, :detail)")
                .bind("id", e.id()).bind("at", at.toEpochMilli()).bind("node", nodeId).bind("type", type)
                .bind("actor", actor).bind("detail", JSON.writeValueAsString(d)).execute();
        // live listeners hear only of what was committed
        if (h.isInTransaction()) h.afterCommit(() -> notifyLater(e));
        else notifyLater(e);
        return e;
    }

    private void notifyLater(Event e) {
        if (listeners.isEmpty()) return;
        try {
            notifier.execute(() -> notify(e));
        } catch (RuntimeException closing) {
            // the center is stopping (rejected); this runs after a commit, where a throw would make the writer redo it
        }
    }

    /** Stops telling listeners (the center is stopping); what is queued is still told. */
    public void close() {
        notifier.shutdown();
    }

    /** Tells the listeners; one that fails is logged and the rest still hear of it (the event is stored already). */
    private void notify(Event e) {
        for (Consumer<Event> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                org.slf4j.LoggerFactory.getLogger(EventLog.class).warn("event listener failed for {} {}: {}", e.type(), e.node(), ex.toString());
            }
        }
    }

    /** The newest events first, optionally for one node and before an id (for paging). */
    public List<Event> recent(String nodeId, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, node_id, type, actor, detail FROM events WHERE 1=1");
        if (nodeId != null) sql.append(" AND node_id = :node");
        if (beforeId != null) sql.append(" AND id < :before");
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return store.jdbi().withHandle(h -> {
            var q = h.createQuery(sql.toString()).bind("limit", limit);
            if (nodeId != null) q.bind("node", nodeId);
            if (beforeId != null) q.bind("before", beforeId);
            return q.map((rs, ctx) -> {
                Map<String, Object> d = JSON.readValue(rs.getString("detail"), new TypeReference<Map<String, Object>>() {});
                return new Event(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("node_id"),
                        (String) d.get("node"), rs.getString("type"), rs.getString("actor"), d);
            }).list();
        });
    }

    /** Deletes events older than {@code keep}; returns how many. */
    public int expire(java.time.Duration keep) {
        long cutoff = clock.millis() - keep.toMillis();
        return store.jdbi().withHandle(h -> h.createUpdate("DELETE FROM events WHERE at < :cutoff").bind("cutoff", cutoff).execute());
    }
}
