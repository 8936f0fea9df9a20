package io.bramble.center.stream;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.center.events.EventLog;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.center.nodes.NodeView;
import io.bramble.core.json.Json;
import io.javalin.http.sse.SseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/stream}: server-sent events for live pages and scripts: {@code node} when a
 * node changes, {@code board} when what a node's board reports changes, {@code event} for each timeline entry, and whatever other
 * services {@link #publish} ({@code locate}, {@code command}, ...). A comment every 15 s keeps proxies open.
 */
public final class StreamRoutes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamRoutes.class);
    private static final JsonMapper JSON = Json.mapper();
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final Thread keepAlive;

    public StreamRoutes(NodeRegistry nodes, EventLog events, Clock clock) {
        // nothing is serialised while nobody listens: heartbeats are the hot path
        nodes.addListener(n -> {
            if (!clients.isEmpty()) broadcast("node", JSON.writeValueAsString(NodeView.of(n, clock.instant(), false)));
        });
        nodes.addBoardListener(b -> publish("board", b));
        events.addListener(e -> {
            if (!clients.isEmpty()) broadcast("event", JSON.writeValueAsString(e));
        });
        keepAlive = Thread.ofVirtual().name("sse-keepalive").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(15_000);
                } catch (InterruptedException e) {
                    return;
                }
                for (SseClient c : clients) send(c, () -> c.sendComment("keep-alive"));
            }
        });
    }

    public void register(Api api) {
        api.sse("/api/v1/stream", Access.VIEWER, client -> {
            client.keepAlive();
            clients.add(client);
            client.onClose(() -> clients.remove(client));
            send(client, () -> client.sendComment("connected"));
        });
    }

    /** Sends {@code data} as JSON to every client as an event named {@code event} (e.g. {@code locate}, {@code command}). */
    public void publish(String event, Object data) {
        if (!clients.isEmpty()) broadcast(event, JSON.writeValueAsString(data));
    }

    private void broadcast(String event, String data) {
        for (SseClient c : clients) send(c, () -> c.sendEvent(event, data));
    }

    private void send(SseClient c, Runnable r) {
        if (c.terminated()) {
            clients.remove(c);
            return;
        }
        try {
            // node changes, events and keep-alives are sent from different threads: one message at a time per
            // client, or two writes interleave and the browser drops both (a tile then misses its update)
            synchronized (c) {
                r.run();
            }
        } catch (RuntimeException e) {
            log.debug("stream client gone: {}", e.toString());
            clients.remove(c);
        }
    }

    @Override
    public void close() {
        keepAlive.interrupt();
        clients.forEach(SseClient::close);
    }
}
