package io.bramble.center.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.bramble.center.TestCenter;
import io.bramble.core.wire.BoardInfo;
import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;

/**
 * A rack of Pis for dashboard tests: {@code rows × slots} nodes enrolled over HTTP and placed,
 * every third one simulated, a mix of Pi 3B+, 4B and 5, each with its own steady metric profile.
 */
final class DemoFleet {
    /** One enrolled Pi and the figures it tends to report. */
    record Pi(String name, String credential, boolean simulated, double load, double cpu, double memUsed, double diskUsed,
              double temp, long memTotal, long throttledBits) {}

    private static final String[][] MODELS = {
            {"Raspberry Pi 4 Model B Rev 1.5", "d03115", "4B", "BCM2711", "8"},
            {"Raspberry Pi 5 Model B Rev 1.0", "d04170", "5", "BCM2712", "8"},
            {"Raspberry Pi 3 Model B Plus Rev 1.3", "a020d3", "3B+", "BCM2837", "1"},
            {"Raspberry Pi 4 Model B Rev 1.4", "c03114", "4B", "BCM2711", "4"}};

    final TestCenter tc;
    final List<Pi> pis = new ArrayList<>();
    final Map<String, Pi> byName = new HashMap<>();
    private final Random random = new Random(42);

    DemoFleet(TestCenter tc) {
        this.tc = tc;
    }

    /** Enrolls {@code rows × slots} placed nodes named node01… and {@code unplaced} more left in the tray. */
    DemoFleet enroll(int rows, int slots, int unplaced) {
        String admin = tc.adminToken();
        int total = rows * slots + unplaced;
        String join = tc.http.post("/api/v1/tokens", admin, Map.of("join", true, "uses", total)).json().path("token").asString();
        for (int i = 0; i < total; i++) {
            String[] m = MODELS[i % MODELS.length];
            boolean simulated = i % 3 != 0;
            String host = String.format("node%02d", i + 1);
            String serial = String.format("10000000%08x", 0x5eed0000 + i * 7919);
            long mem = Long.parseLong(m[4]) << 30;
            NodeFacts facts = new NodeFacts(serial, List.of(String.format("dc:a6:32:%02x:%02x:%02x", i, i * 3 % 256, i * 7 % 256)), host, m[0], m[1],
                    new BoardInfo(m[1], m[2], mem, "Sony UK", m[3], 4), mem, "Debian GNU/Linux 12 (bookworm)", "6.6.51+rpt-rpi-v8", "aarch64",
                    "0.1.0", simulated);
            var r = tc.http.post("/api/v1/agent/enroll", null, Map.of("joinToken", join, "facts", facts));
            if (r.status() != 201) throw new IllegalStateException("enroll " + host + " failed: " + r.body());
            String name = r.json().path("name").asString();
            if (i < rows * slots) {
                var p = tc.http.patch("/api/v1/nodes/" + name, admin, Map.of("location", Map.of("rack", "rack1", "row", i / slots + 1, "slot", i % slots + 1),
                        "roles", List.of(i % 4 == 0 ? "web" : i % 4 == 1 ? "worker" : i % 4 == 2 ? "worker" : "db"),
                        "labels", Map.of("tier", i < slots ? "front" : "back")));
                if (p.status() != 200) throw new IllegalStateException("place " + name + " failed: " + p.body());
            }
            // one node under-voltage now, one that was throttled since boot, the rest fine
            long bits = i == 10 ? 0x50005 : i == 17 ? 0x50000 : 0;
            Pi pi = new Pi(name, r.json().path("credential").asString(), simulated, 0.15 + random.nextDouble() * 3.2,
                    4 + random.nextDouble() * 80, 0.18 + random.nextDouble() * 0.7, 0.2 + random.nextDouble() * 0.7,
                    41 + random.nextDouble() * 36, mem, bits);
            pis.add(pi);
            byName.put(name, pi);
        }
        return this;
    }

    /** A sample near the Pi's usual figures at {@code at}. */
    Sample sample(Pi p, Instant at) {
        double j = 1 + (random.nextDouble() - 0.5) * 0.12;
        long memAvail = (long) (p.memTotal() * (1 - Math.min(0.97, p.memUsed() * j)));
        long diskTotal = 64L << 30;
        double load = p.load() * j;
        return new Sample(at, load, load * 0.9, load * 0.8, Math.min(100, p.cpu() * j), p.memTotal(), memAvail, diskTotal,
                (long) (diskTotal * p.diskUsed()), List.of(), 1_000_000L + random.nextInt(1000), 2_000_000L, 86_400.0 * 3,
                p.temp() + (random.nextDouble() - 0.5) * 1.5, Throttled.fromBits(p.throttledBits()));
    }

    void heartbeat(Pi p) {
        heartbeat(p, sample(p, tc.clock.instant()));
    }

    void heartbeat(Pi p, Sample s) {
        var r = tc.heartbeat(p.credential(), s);
        if (r.status() != 200) throw new IllegalStateException("heartbeat of " + p.name() + " failed: " + r.body());
    }

    void heartbeatAll() {
        for (Pi p : pis) heartbeat(p);
    }

    /** Every node but {@code except} heartbeats now. */
    void heartbeatAllBut(String except) {
        for (Pi p : pis) if (!p.name().equals(except)) heartbeat(p);
    }

    /** Sends {@code count} past samples at {@code every} ending now, oldest first, so the node has a history to chart. */
    void history(Pi p, int count, Duration every) {
        Instant now = tc.clock.instant();
        for (int i = count; i >= 1; i--) {
            Pi drifting = new Pi(p.name(), p.credential(), p.simulated(), p.load() * (0.6 + 0.4 * Math.sin(i / 9.0) + 0.4),
                    p.cpu() * (0.7 + 0.3 * Math.sin(i / 7.0)), p.memUsed(), p.diskUsed() - i * 0.0005, p.temp() - 4 + 4 * Math.sin(i / 11.0),
                    p.memTotal(), p.throttledBits());
            heartbeat(p, sample(drifting, now.minus(every.multipliedBy(i))));
        }
        heartbeat(p);
    }
}
