package io.bramble.balancer.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A worker on loopback (the JDK's HTTP server): {@code /} answers its name, {@code /hdr} echoes
 * request headers, {@code /echo} streams the request body back, {@code /big?n=} sends n bytes,
 * {@code /slow?ms=} waits, {@code /health} answers {@link #healthStatus}, {@code /fail} answers
 * {@link #failStatus}.
 */
public final class TestBackend implements AutoCloseable {
    public final String name;
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger healthStatus = new AtomicInteger(200);
    public final AtomicInteger failStatus = new AtomicInteger(500);
    public final AtomicInteger healthChecks = new AtomicInteger();
    public final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    public TestBackend(String name) throws IOException {
        this(name, 0);
    }

    public TestBackend(String name, int port) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() { return server.getAddress().getPort(); }

    public String url() { return "http://127.0.0.1:" + port(); }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            if (path.equals("/health")) {
                healthChecks.incrementAndGet();
                send(ex, healthStatus.get(), name + " health");
                return;
            }
            requests.incrementAndGet();
            clientPorts.add(ex.getRemoteAddress().getPort());
            switch (path) {
                case "/hdr" -> {
                    StringBuilder sb = new StringBuilder();
                    for (Map.Entry<String, List<String>> e : ex.getRequestHeaders().entrySet())
                        sb.append(e.getKey().toLowerCase()).append(": ").append(String.join(",", e.getValue())).append('\n');
                    send(ex, 200, sb.toString());
                }
                case "/echo" -> {
                    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    ex.sendResponseHeaders(200, 0); // chunked
                    try (InputStream in = ex.getRequestBody(); OutputStream out = ex.getResponseBody()) {
                        in.transferTo(out);
                    }
                }
                case "/big" -> {
                    long n = Long.parseLong(q.getOrDefault("n", "1000000"));
                    ex.sendResponseHeaders(200, n);
                    byte[] chunk = new byte[65536];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    try (OutputStream out = ex.getResponseBody()) {
                        for (long left = n; left > 0; left -= chunk.length) out.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                }
                case "/slow" -> {
                    try {
                        Thread.sleep(Long.parseLong(q.getOrDefault("ms", "1000")));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(ex, 200, name);
                }
                case "/fail" -> send(ex, failStatus.get(), name + " failing");
                default -> {
                    ex.getRequestBody().readAllBytes();
                    send(ex, 200, name);
                }
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.getResponseHeaders().set("Keep-Alive", "timeout=30");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) ex.getResponseBody().write(b);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new java.util.HashMap<>();
        if (raw == null) return m;
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) m.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return m;
    }

    public void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
