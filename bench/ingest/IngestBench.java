// Ingest benchmark: N simulated nodes heartbeating every 5 s against one center on this machine.
// Run through bench/ingest/run.sh (it builds bramble.jar and puts it on the class path).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.bramble.agent.sim.SimulatedPi;
import io.bramble.core.json.Json;
import io.bramble.core.wire.EnrollRequest;
import io.bramble.core.wire.Heartbeat;
import tools.jackson.databind.json.JsonMapper;

public class IngestBench {
    static final JsonMapper JSON = Json.mapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long pid = Long.parseLong(args[1]);
        String password = args[2];
        int nodes = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int interval = 5;

        String token = JSON.readTree(post(url + "/api/v1/session", null, Map.of("username", "admin", "password", password)).body()).path("token").asString();
        String join = JSON.readTree(post(url + "/api/v1/tokens", token, Map.of("join", true, "uses", nodes, "name", "bench")).body()).path("token").asString();

        // enroll, 64 at a time
        String[] creds = new String[nodes];
        SimulatedPi[] pis = new SimulatedPi[nodes];
        SplittableRandom seeds = new SplittableRandom(7);
        Semaphore gate = new Semaphore(64);
        long t0 = System.nanoTime();
        List<java.util.concurrent.Future<Object>> enrolls = new ArrayList<>();
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < nodes; i++) {
                int n = i;
                pis[n] = new SimulatedPi(n, String.format("bench%05d", n), Clock.systemUTC(), seeds.split(), null);
                gate.acquire();
                enrolls.add(ex.submit(() -> {
                    try {
                        var r = post(url + "/api/v1/agent/enroll", null, new EnrollRequest(join, pis[n].facts()));
                        if (r.statusCode() != 201) throw new IllegalStateException("enroll " + n + ": " + r.body());
                        creds[n] = JSON.readTree(r.body()).path("credential").asString();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    } finally {
                        gate.release();
                    }
                    return null;
                }));
            }
        }
        for (var f : enrolls) f.get(); // an enrollment that failed stops the benchmark with its reason
        double enrollSeconds = (System.nanoTime() - t0) / 1e9;

        // heartbeats: every node once per interval, phases spread evenly; warm up one interval first
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong late = new AtomicLong();
        var scheduler = Executors.newScheduledThreadPool(2);
        long start = System.nanoTime();
        long warmupEnd = start + TimeUnit.SECONDS.toNanos(interval * 2L);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        long[] cpuStart = new long[1];
        for (int i = 0; i < nodes; i++) {
            int n = i;
            long phase = (long) ((double) i / nodes * interval * 1_000_000_000L);
            scheduler.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                if (now > end) return;
                byte[] body = JSON.writeValueAsBytes(new Heartbeat(pis[n].sample()));
                HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/api/v1/agent/heartbeat")).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + creds[n]).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                long sent = System.nanoTime();
                HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    long took = System.nanoTime() - sent;
                    if (sent < warmupEnd) return;
                    if (e != null || r.statusCode() != 200) {
                        if (errors.incrementAndGet() <= 3)
                            System.err.println("heartbeat failed: " + (e != null ? e : r.statusCode() + " " + r.body()));
                    }
                    else latencies.add(took);
                    if (took > TimeUnit.SECONDS.toNanos(interval)) late.incrementAndGet();
                });
            }, phase, TimeUnit.SECONDS.toNanos(interval), TimeUnit.NANOSECONDS);
        }
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(warmupEnd - System.nanoTime()));
        cpuStart[0] = cpuTicks(pid);
        long wallStart = System.nanoTime();
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
        long cpuEnd = cpuTicks(pid);
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long rssKb = rssKb(pid);
        scheduler.shutdownNow();
        Thread.sleep(2000);

        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double p50 = l.length == 0 ? Double.NaN : l[(int) (l.length * 0.50)] / 1e6;
        double p99 = l.length == 0 ? Double.NaN : l[Math.min(l.length - 1, (int) (l.length * 0.99))] / 1e6;
        double cpuPercent = 100.0 * (cpuEnd - cpuStart[0]) / 100.0 / wall; // ticks at 100 Hz; percent of one core
        System.out.printf("RESULT nodes=%d target_hb_s=%.0f achieved_hb_s=%.0f p50_ms=%.1f p99_ms=%.1f errors=%d late=%d center_cpu_pct=%.0f center_rss_mb=%.0f enroll_s=%.1f%n",
                nodes, nodes / (double) interval, l.length / wall, p50, p99, errors.get(), late.get(), cpuPercent, rssKb / 1024.0, enrollSeconds);
        System.exit(0);
    }

    static HttpResponse<String> post(String url, String token, Object body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        return -1;
    }
}
