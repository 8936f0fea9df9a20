package io.bramble.agent.link;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.bramble.core.json.Json;
import io.bramble.core.wire.AgentEvent;
import io.bramble.core.wire.ApiError;
import io.bramble.core.wire.DesiredState;
import io.bramble.core.wire.EnrollRequest;
import io.bramble.core.wire.EnrollResponse;
import io.bramble.core.wire.EventBatch;
import io.bramble.core.wire.Heartbeat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SSLContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small center on loopback that speaks the agent protocol exactly as docs/api.md says, for the
 * agent's tests: it can be stopped and started again on the same port, refuse join tokens and revoke
 * credentials.
 */
public final class FakeCenter implements AutoCloseable {
    /** One heartbeat as the center saw it. */
    public record Beat(long nanoTime, String credential, Heartbeat heartbeat) {}

    private final JsonMapper json = Json.mapper();
    public final Set<String> joinTokens = ConcurrentHashMap.newKeySet();
    public final Set<String> credentials = ConcurrentHashMap.newKeySet();
    public final List<EnrollRequest> enrollments = new CopyOnWriteArrayList<>();
    public final AtomicInteger enrollAttempts = new AtomicInteger();
    public final List<Long> enrollAttemptNanos = new CopyOnWriteArrayList<>();
    public final List<Beat> beats = new CopyOnWriteArrayList<>();
    public final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    public final List<Long> eventPostNanos = new CopyOnWriteArrayList<>();
    public volatile int heartbeatSeconds;
    public volatile boolean located;
    private final AtomicInteger nodes = new AtomicInteger();
    private volatile long lastSeq;
    private int port;
    private HttpServer server;
    private ExecutorService executor;

    private final SSLContext tls;

    public FakeCenter() throws IOException {
        this(null);
    }

    /** A center speaking HTTPS with the given server context, or plain HTTP when it is null. */
    public FakeCenter(SSLContext tls) throws IOException {
        this.tls = tls;
        start();
    }

    public synchronized void start() throws IOException {
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (tls != null) {
            HttpsServer https = HttpsServer.create(addr, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        } else {
            server = HttpServer.create(addr, 50);
        }
        port = server.getAddress().getPort();
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/api/v1/agent/enroll", this::enroll);
        server.createContext("/api/v1/agent/heartbeat", this::heartbeat);
        server.createContext("/api/v1/agent/events", this::events);
        server.start();
    }

    /** Stops listening: the agent now gets "connection refused". */
    public synchronized void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    public String url() {
        return (tls != null ? "https" : "http") + "://127.0.0.1:" + port;
    }

    private void enroll(HttpExchange x) throws IOException {
        enrollAttempts.incrementAndGet();
        enrollAttemptNanos.add(System.nanoTime());
        EnrollRequest r = json.readValue(x.getRequestBody().readAllBytes(), EnrollRequest.class);
        if (!joinTokens.contains(r.joinToken())) {
            send(x, 401, ApiError.of("bad_join_token", "join token is not valid: it is wrong, used up or expired"), true);
            return;
        }
        enrollments.add(r);
        int n = nodes.incrementAndGet();
        String cred = "cred-" + n + "-" + System.nanoTime();
        credentials.add(cred);
        String name = r.name() != null ? r.name() : r.facts().hostname();
        send(x, 201, new EnrollResponse("node-id-" + n, name, cred, heartbeatSeconds), false);
    }

    private String authorised(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        String cred = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        if (cred == null || !credentials.contains(cred)) {
            send(x, 401, ApiError.of("unauthorized", "unknown or revoked node credential"), true);
            return null;
        }
        return cred;
    }

    private void heartbeat(HttpExchange x) throws IOException {
        String cred = authorised(x);
        if (cred == null) return;
        Heartbeat h = json.readValue(x.getRequestBody().readAllBytes(), Heartbeat.class);
        beats.add(new Beat(System.nanoTime(), cred, h));
        send(x, 200, new DesiredState("up", located, heartbeatSeconds), false);
    }

    private synchronized void events(HttpExchange x) throws IOException {
        eventPostNanos.add(System.nanoTime());
        if (authorised(x) == null) return;
        EventBatch b = json.readValue(x.getRequestBody().readAllBytes(), EventBatch.class);
        int accepted = 0;
        for (AgentEvent e : b.events()) {
            if (e.seq() <= lastSeq) continue; // a resend of what we already have
            events.add(e);
            lastSeq = e.seq();
            accepted++;
        }
        // chunked on purpose (length 0): the agent's client must read chunked replies too
        send(x, 200, Map.of("accepted", accepted, "lastSeq", lastSeq), true);
    }

    private void send(HttpExchange x, int status, Object body, boolean chunked) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (var out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
