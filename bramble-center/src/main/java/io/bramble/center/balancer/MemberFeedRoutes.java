package io.bramble.center.balancer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.center.api.ApiException;
import io.bramble.center.config.CenterConfig;
import io.bramble.center.nodes.Node;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.core.json.Json;
import io.javalin.http.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/balancer/{name}/members}: the members of a balancer named in center.yaml — the
 * nodes with its role, where they serve, and their health and load for the balancer's byload
 * method. With {@code Accept: text/event-stream} the list is streamed on every change and at least
 * every 15 s, so a balancer follows the cluster without polling.
 */
public final class MemberFeedRoutes implements AutoCloseable {
    private static final JsonMapper JSON = Json.mapper();

    /** One member as the balancer reads it. */
    public record Member(String node, String url, String health, Double load1, Integer cpus, Double tempCelsius, Boolean throttled,
                         Integer weight) {}

    public record Members(String balancer, List<Member> members) {}

    private final CenterConfig config;
    private final NodeRegistry nodes;
    private final Map<String, Set<StreamSink>> sinks = new ConcurrentHashMap<>();
    private final Map<String, String> lastSent = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean dirty = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread ticker;

    public MemberFeedRoutes(CenterConfig config, NodeRegistry nodes) {
        this.config = config;
        this.nodes = nodes;
        // heartbeats change nodes thousands of times a second: note it, and let the ticker send at most once a second
        nodes.addListener(n -> dirty.set(true));
        ticker = Thread.ofVirtual().name("balancer-feed").start(() -> {
            long lastFull = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                boolean full = System.nanoTime() - lastFull >= 15_000_000_000L;
                if (full) lastFull = System.nanoTime();
                if (dirty.getAndSet(false) || full)
                    for (String name : sinks.keySet()) publish(name, full);
            }
        });
    }

    public void register(Api api) {
        api.get("/api/v1/balancer/{name}/members", Access.VIEWER, ctx -> {
            String name = balancer(ctx);
            if (acceptsEventStream(ctx)) {
                stream(ctx, name);
                return;
            }
            Api.json(ctx, members(name));
        });
    }

    private String balancer(Context ctx) {
        String name = ctx.pathParam("name");
        if (!config.balancers().containsKey(name))
            throw ApiException.notFound("no balancer named " + name + " in center.yaml (balancers: " + config.balancers().keySet() + ")");
        return name;
    }

    private static boolean acceptsEventStream(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/event-stream");
    }

    /** The current member list of one balancer: nodes with its role, retired nodes and nodes without an address left out. */
    public Members members(String name) {
        CenterConfig.Balancer b = config.balancers().get(name);
        List<Member> out = new ArrayList<>();
        for (Node n : nodes.list()) {
            if (!n.roles().contains(b.role()) || n.address() == null) continue;
            if (n.lifecycle() == io.bramble.center.nodes.Lifecycle.RETIRED) continue;
            String host = n.address().contains(":") ? "[" + n.address() + "]" : n.address();
            var s = n.lastSample();
            Boolean throttled = s == null || s.throttled() == null ? null : s.throttled().throttled() || s.throttled().freqCapped()
                    || s.throttled().softTempLimit() || s.throttled().underVoltage();
            out.add(new Member(n.name(), b.scheme() + "://" + host + ":" + b.port(), n.health().wire(), s == null ? null : s.load1(),
                    cpus(n), s == null ? null : s.tempCelsius(), throttled, 1));
        }
        return new Members(name, out);
    }

    /** Every Raspberry Pi since the 2 has four cores; the older and the Zero have one. Unknown boards: null. */
    private static Integer cpus(Node n) {
        var board = n.facts().board();
        if (board == null || board.processor() == null) return null;
        return board.processor().equals("BCM2835") ? 1 : 4;
    }

    private void stream(Context ctx, String name) throws Exception {
        ctx.status(200).contentType("text/event-stream").header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no");
        StreamSink sink = new StreamSink(ctx.res().getOutputStream());
        sinks.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(sink);
        try {
            sink.send(JSON.writeValueAsString(members(name)));
            sink.awaitClose(); // this request's (virtual) thread holds the stream open
        } finally {
            sinks.get(name).remove(sink);
        }
    }

    /** One open stream: events are written under a lock; a failed write closes it. */
    private static final class StreamSink {
        private final java.io.OutputStream out;
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        StreamSink(java.io.OutputStream out) {
            this.out = out;
        }

        void send(String json) {
            synchronized (this) {
                try {
                    out.write(("event: members\ndata: " + json + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.flush();
                } catch (java.io.IOException e) {
                    closed.countDown();
                }
            }
        }

        void awaitClose() throws InterruptedException {
            closed.await();
        }

        void close() {
            closed.countDown();
        }
    }

    private void publish(String name, boolean always) {
        Set<StreamSink> open = sinks.get(name);
        if (open == null || open.isEmpty()) return;
        String json = JSON.writeValueAsString(members(name));
        String before = lastSent.put(name, json);
        if (!always && json.equals(before)) return;
        for (StreamSink s : open) s.send(json);
    }

    @Override
    public void close() {
        ticker.interrupt();
        sinks.values().forEach(set -> set.forEach(StreamSink::close));
    }
}
