// Ingest benchmark: N simulated nodes heartbeating every 5 s against one center on this machine.
// Run through bench/ingest/run.sh (it builds bramble.jar and puts it on the class path).
//
// Like a real agent, every node keeps one HTTP/1.1 keep-alive connection to the center and sends its
// next heartbeat only after the previous reply. The generator is as cheap as it can be, because it
// shares the machine's cores with the center: one thread, one NIO selector for all connections,
// requests written as raw bytes, replies parsed just enough (status, Content-Length or chunked).
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.bramble.agent.sim.SimulatedPi;
import io.bramble.core.json.Json;
import io.bramble.core.wire.EnrollRequest;
import io.bramble.core.wire.Heartbeat;
import tools.jackson.databind.json.JsonMapper;

public class IngestBench {
    static final JsonMapper JSON = Json.mapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long pid = Long.parseLong(args[1]);
        String password = args[2];
        int nodes = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int interval = 5;
        URI base = URI.create(url);

        String token = JSON.readTree(post(url + "/api/v1/session", null, Map.of("username", "admin", "password", password)).body()).path("token").asString();
        String join = JSON.readTree(post(url + "/api/v1/tokens", token, Map.of("join", true, "uses", nodes, "name", "bench")).body()).path("token").asString();

        // enroll, 64 at a time
        String[] creds = new String[nodes];
        SimulatedPi[] pis = new SimulatedPi[nodes];
        SplittableRandom seeds = new SplittableRandom(7);
        Semaphore gate = new Semaphore(64);
        long t0 = System.nanoTime();
        List<Future<Object>> enrolls = new ArrayList<>();
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
                    } finally {
                        gate.release();
                    }
                    return null;
                }));
            }
        }
        for (var f : enrolls) f.get(); // an enrollment that failed stops the benchmark with its reason
        double enrollSeconds = (System.nanoTime() - t0) / 1e9;

        Load load = new Load(new InetSocketAddress(base.getHost(), base.getPort()), base.getHost() + ":" + base.getPort(), creds, pis, interval);
        load.run(pid, seconds);
        System.out.printf("RESULT nodes=%d target_hb_s=%.0f achieved_hb_s=%.0f p50_ms=%.1f p99_ms=%.1f max_ms=%.0f errors=%d skipped=%d "
                        + "center_cpu_pct=%.0f center_rss_mb=%.0f gen_cpu_pct=%.0f enroll_s=%.1f%n",
                nodes, nodes / (double) interval, load.achieved, load.p50, load.p99, load.max, load.errors, load.skipped,
                load.centerCpu, load.centerRssKb / 1024.0, load.genCpu, enrollSeconds);
        if (load.firstError != null) System.err.println("first error: " + load.firstError);
        System.exit(0);
    }

    /** All nodes' connections on one selector; each node sends at its phase every interval. */
    static final class Load {
        final InetSocketAddress address;
        final byte[][] headers;
        final SimulatedPi[] pis;
        final int interval;
        final Conn[] conns;
        long[] latencies = new long[1 << 16];
        int count;
        long errors, skipped, reconnects;
        String firstError;
        double achieved, p50, p99, max, centerCpu, genCpu;
        long centerRssKb;
        Selector selector;
        long measureFrom, measureTo;

        Load(InetSocketAddress address, String host, String[] creds, SimulatedPi[] pis, int interval) {
            this.address = address;
            this.pis = pis;
            this.interval = interval;
            this.headers = new byte[creds.length][];
            for (int i = 0; i < creds.length; i++)
                headers[i] = ("POST /api/v1/agent/heartbeat HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + creds[i]
                        + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
            this.conns = new Conn[creds.length];
        }

        void run(long pid, int seconds) throws Exception {
            selector = Selector.open();
            int n = conns.length;
            long intervalNs = TimeUnit.SECONDS.toNanos(interval);
            long start = System.nanoTime() + 200_000_000L;
            long warmupEnd = start + 2 * intervalNs;
            long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
            measureFrom = warmupEnd;
            measureTo = end;
            for (int i = 0; i < n; i++) conns[i] = new Conn(i);
            long cpu0 = 0, self0 = 0, wall0 = 0;
            boolean measuring = false;
            int next = 0; // the next node due, in phase order
            long round = start;
            while (true) {
                long now = System.nanoTime();
                if (!measuring && now >= warmupEnd) {
                    measuring = true;
                    System.out.println("MEASURE");
                    System.out.flush();
                    cpu0 = cpuTicks("/proc/" + pid + "/stat");
                    self0 = cpuTicks("/proc/self/stat");
                    wall0 = now;
                }
                if (now >= end) break;
                // send every heartbeat that is due
                while (true) {
                    long due = round + (long) ((double) next / n * intervalNs);
                    if (due > now) break;
                    conns[next].heartbeat(due);
                    if (++next == n) {
                        next = 0;
                        round += intervalNs;
                    }
                }
                long due = round + (long) ((double) next / n * intervalNs);
                long waitMs = Math.max(1, (due - System.nanoTime()) / 1_000_000);
                selector.select(Math.min(waitMs, end - now > 0 ? Math.max(1, (end - now) / 1_000_000) : 1));
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    ((Conn) k.attachment()).ready(k);
                }
            }
            long wallNs = System.nanoTime() - wall0;
            long cpu1 = cpuTicks("/proc/" + pid + "/stat");
            long self1 = cpuTicks("/proc/self/stat");
            centerRssKb = rssKb(pid);
            // requests still in flight at the end are counted when they are older than the timeout
            for (Conn c : conns) if (c.busy && System.nanoTime() - c.sentAt > TIMEOUT_NS) error(c, "no reply within 30 s");
            double wall = wallNs / 1e9;
            long[] l = Arrays.copyOf(latencies, count);
            Arrays.sort(l);
            // where the time went, for a level that misses: a latency histogram and connection states
            long[] bounds = {10, 50, 100, 1000, 5000, Long.MAX_VALUE};
            StringBuilder hist = new StringBuilder("latency histogram (ms):");
            int from = 0;
            for (long b : bounds) {
                int to = from;
                while (to < l.length && l[to] < b * 1_000_000) to++;
                hist.append(" <").append(b == Long.MAX_VALUE ? "inf" : b).append(": ").append(to - from);
                from = to;
            }
            long unconnected = Arrays.stream(conns).filter(c -> !c.connected).count();
            long busy = Arrays.stream(conns).filter(c -> c.busy).count();
            System.err.println(hist + "; connections not connected at the end: " + unconnected + ", waiting for a reply: " + busy
                    + ", reconnects: " + reconnects);
            achieved = count / wall;
            p50 = l.length == 0 ? Double.NaN : l[(int) (l.length * 0.50)] / 1e6;
            p99 = l.length == 0 ? Double.NaN : l[Math.min(l.length - 1, (int) (l.length * 0.99))] / 1e6;
            max = l.length == 0 ? Double.NaN : l[l.length - 1] / 1e6;
            centerCpu = (cpu1 - cpu0) / wall; // ticks at 100 Hz: percent of one core
            genCpu = (self1 - self0) / wall;
        }

        void record(long sentAt, long took) {
            if (sentAt < measureFrom || sentAt >= measureTo) return;
            if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
            latencies[count++] = took;
        }

        void error(Conn c, String why) {
            if (c.sentAt >= measureFrom && c.sentAt < measureTo) {
                errors++;
                if (firstError == null) firstError = "node " + c.node + ": " + why;
            }
        }

        /** One node's keep-alive connection. */
        final class Conn {
            final int node;
            SocketChannel ch;
            SelectionKey key;
            boolean connected, busy;
            ByteBuffer out;
            ByteBuffer in = ByteBuffer.allocate(4096);
            long sentAt;

            Conn(int node) throws IOException {
                this.node = node;
                open();
            }

            void open() throws IOException {
                ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connected = ch.connect(address);
                key = ch.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
                in.clear();
            }

            void heartbeat(long due) {
                if (busy) {
                    if (due >= measureFrom && due < measureTo) skipped++; // the previous reply has not come: a real agent would wait too
                    if (System.nanoTime() - sentAt > TIMEOUT_NS) {
                        error(this, "no reply within 30 s");
                        reconnect();
                    }
                    return;
                }
                byte[] body = JSON.writeValueAsBytes(new Heartbeat(pis[node].sample()));
                byte[] len = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                out = ByteBuffer.allocate(headers[node].length + len.length + body.length);
                out.put(headers[node]).put(len).put(body).flip();
                busy = true;
                sentAt = System.nanoTime();
                if (connected) write();
            }

            void write() {
                try {
                    ch.write(out);
                    key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                } catch (IOException e) {
                    fail("write: " + e);
                }
            }

            void ready(SelectionKey k) {
                try {
                    if (k.isConnectable()) {
                        ch.finishConnect();
                        connected = true;
                        if (busy) write();
                        else key.interestOps(SelectionKey.OP_READ);
                        return;
                    }
                    if (k.isWritable()) {
                        write();
                        return;
                    }
                    if (k.isReadable()) read();
                } catch (IOException e) {
                    fail(e.toString());
                }
            }

            void read() throws IOException {
                if (!in.hasRemaining()) in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
                int r = ch.read(in);
                if (r < 0) {
                    if (busy) fail("connection closed by the center");
                    else reconnect();
                    return;
                }
                if (!busy) return;
                int status = complete(in.array(), in.position());
                if (status == 0) return;
                long took = System.nanoTime() - sentAt;
                busy = false;
                in.clear();
                if (status == 200) record(sentAt, took);
                else error(this, "HTTP " + status);
            }

            void fail(String why) {
                if (busy) error(this, why);
                busy = false;
                reconnect();
            }

            void reconnect() {
                reconnects++;
                try {
                    key.cancel();
                    ch.close();
                    busy = false;
                    open();
                } catch (IOException e) {
                    if (firstError == null) firstError = "reconnect: " + e;
                }
            }
        }
    }

    /** The status of a complete HTTP response in {@code b[0..n)}, or 0 while it is incomplete. */
    static int complete(byte[] b, int n) {
        int head = -1;
        for (int i = 3; i < n; i++) if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') { head = i + 1; break; }
        if (head < 0) return 0;
        String h = new String(b, 0, head, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(h.substring(9, 12));
        String lower = h.toLowerCase(java.util.Locale.ROOT);
        int cl = lower.indexOf("\r\ncontent-length:");
        if (cl >= 0) {
            int e = lower.indexOf('\r', cl + 2);
            int len = Integer.parseInt(lower.substring(cl + 17, e).strip());
            return n >= head + len ? status : 0;
        }
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
            // complete once the last chunk (0 CRLF CRLF) has arrived
            return n >= head + 5 && b[n - 5] == '0' && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n' ? status : 0;
        }
        return status == 204 || status == 304 ? status : 0;
    }

    static HttpResponse<String> post(String url, String token, Object body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static long cpuTicks(String statFile) throws IOException {
        String stat = Files.readString(Path.of(statFile));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        return -1;
    }
}
