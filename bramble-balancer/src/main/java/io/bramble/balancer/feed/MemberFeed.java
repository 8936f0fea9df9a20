package io.bramble.balancer.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.balancer.config.CenterFeed;
import io.bramble.core.json.Json;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows the center's member list for one balancer: subscribes to the SSE stream
 * ({@code Accept: text/event-stream}, events named {@code members}), falls back to polling when
 * the center answers plain JSON, and reconnects with back-off. When the center is away the last
 * list stays in force: members are only changed by a list the center actually sent.
 */
public final class MemberFeed {
    private static final Logger log = LoggerFactory.getLogger(MemberFeed.class);
    /** The center sends an event at least every 15 s; three missed ones mean the stream is dead. */
    private static final Duration STREAM_SILENCE = Duration.ofSeconds(45);
    private final String name;
    private final CenterFeed config;
    private final Clock clock;
    private final Consumer<CenterMembers> sink;
    private final JsonMapper json = Json.mapper().rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final HttpClient client;
    private final ScheduledExecutorService watchdog;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile String state = "starting";
    private volatile Instant lastUpdate;
    private volatile String lastError = "";
    private volatile long lastDataNanos;

    public MemberFeed(String name, CenterFeed config, Clock clock, Consumer<CenterMembers> sink) {
        this.name = name;
        this.config = config;
        this.clock = clock;
        this.sink = sink;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bramble-balancer-feed-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("bramble-balancer-feed").start(this::loop);
    }

    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) t.interrupt();
        watchdog.shutdownNow();
        client.shutdownNow(); // close() would wait for the endless stream to finish
    }

    /** streaming, polling, reconnecting or starting. */
    public String state() { return state; }

    public Instant lastUpdate() { return lastUpdate; }

    public String lastError() { return lastError; }

    public String url() { return config.url() + "/api/v1/balancer/" + name + "/members"; }

    private String token() throws IOException {
        if (!config.tokenFile().isEmpty()) return Files.readString(Path.of(config.tokenFile())).strip();
        return config.token();
    }

    private void loop() {
        long backoff = 1000;
        while (running) {
            try {
                boolean streamed = stream();
                if (!streamed) {
                    state = "polling";
                    sleep(config.pollInterval().toMillis());
                }
                backoff = 1000;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!running) return;
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (!msg.equals(lastError)) log.warn("member feed from {}: {}; keeping the last {} list", url(), msg, lastUpdate == null ? "(empty)" : "known");
                lastError = msg;
                state = "reconnecting";
                try {
                    sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, config.retryMax().toMillis());
            }
        }
    }

    private static void sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }

    /** One request; returns true when it was a stream that ended, false for a one-off JSON answer. */
    private boolean stream() throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url()))
                .header("Accept", "text/event-stream, application/json;q=0.5").GET();
        String token = token();
        if (!token.isEmpty()) b.header("Authorization", "Bearer " + token);
        HttpResponse<InputStream> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                String body = new String(in.readNBytes(500), StandardCharsets.UTF_8);
                throw new IOException("center answered HTTP " + resp.statusCode() + (body.isBlank() ? "" : ": " + body.strip()));
            }
            String type = resp.headers().firstValue("content-type").orElse("");
            if (!type.startsWith("text/event-stream")) {
                deliver(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                return false;
            }
            state = "streaming";
            lastError = "";
            lastDataNanos = System.nanoTime();
            ScheduledFuture<?> dog = watchdog.scheduleWithFixedDelay(() -> {
                if (System.nanoTime() - lastDataNanos > STREAM_SILENCE.toNanos()) {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // closing is all we wanted
                    }
                }
            }, 5, 5, TimeUnit.SECONDS);
            try {
                readEvents(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            } finally {
                dog.cancel(false);
            }
            throw new IOException("stream ended");
        }
    }

    private void readEvents(BufferedReader r) throws IOException {
        String event = "message";
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            lastDataNanos = System.nanoTime();
            if (line.isEmpty()) {
                if (!data.isEmpty() && event.equals("members")) deliver(data.toString());
                event = "message";
                data.setLength(0);
            } else if (line.startsWith(":")) {
                continue;
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) data.append('\n');
                String d = line.substring(5);
                data.append(d.startsWith(" ") ? d.substring(1) : d);
            }
        }
    }

    private void deliver(String text) {
        CenterMembers m;
        try {
            m = json.readValue(text, CenterMembers.class);
        } catch (RuntimeException e) {
            lastError = "unreadable member list: " + e.getMessage();
            log.warn("member feed from {}: unreadable member list ({}); keeping the last list", url(), e.getMessage());
            return;
        }
        if (m.balancer() != null && !m.balancer().equals(name)) {
            lastError = "list is for balancer " + m.balancer() + ", not " + name;
            log.warn("member feed from {}: {}", url(), lastError);
            return;
        }
        sink.accept(m);
        lastUpdate = clock.instant();
    }
}
