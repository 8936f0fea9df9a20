package io.bramble.center;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bramble.center.config.CenterConfig;
import io.bramble.core.config.ConfigLoader;
import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;

/** A real center on a loopback port with its own store, a hand-moved clock and an admin whose password tests know. */
public final class TestCenter implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "correct-horse-battery";
    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    public final Center center;
    public final Http http;
    public final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public TestCenter(Path dataDir) {
        this(dataDir, "");
    }

    public TestCenter(Path dataDir, String extraYaml) {
        CenterConfig cfg = ConfigLoader.parse("test.yaml", "http:\n  port: 0\ndataDir: \"" + dataDir + "\"\n"
                + "auth:\n  passwordIterations: 10000\n" + extraYaml, CenterConfig.class);
        center = Center.start(cfg, clock, ADMIN_PASSWORD, new PrintStream(out, true));
        http = new Http(center.url());
    }

    public String login(String user, String password) {
        var r = http.post("/api/v1/session", null, Map.of("username", user, "password", password));
        if (r.status() != 201) throw new IllegalStateException("login failed: " + r.body());
        return r.json().path("token").asString();
    }

    public String adminToken() {
        return login("admin", ADMIN_PASSWORD);
    }

    public String token(String role) {
        var r = http.post("/api/v1/tokens", adminToken(), Map.of("name", role + "-test", "role", role));
        return r.json().path("token").asString();
    }

    public String joinToken(int uses) {
        var r = http.post("/api/v1/tokens", adminToken(), Map.of("join", true, "uses", uses));
        return r.json().path("token").asString();
    }

    public static NodeFacts facts(String serial, String hostname) {
        return new NodeFacts(serial, List.of("dc:a6:32:01:02:03"), hostname, "Raspberry Pi 4 Model B Rev 1.4", "c03114", null,
                4L << 30, "Debian GNU/Linux 12 (bookworm)", "6.6.51+rpt-rpi-v8", "aarch64", "test", false);
    }

    /** Enrolls a node over HTTP and returns its credential. */
    public String enroll(String serial, String hostname) {
        var r = http.post("/api/v1/agent/enroll", null, Map.of("joinToken", joinToken(1), "facts", facts(serial, hostname)));
        if (r.status() != 201) throw new IllegalStateException("enroll failed: " + r.body());
        return r.json().path("credential").asString();
    }

    public Sample sample(double load1, Double temp) {
        return new Sample(clock.instant(), load1, load1, load1, 12.5, 4L << 30, 3L << 30, 32L << 30, 8L << 30, List.of(),
                1000L, 2000L, 3600.0, temp, null);
    }

    public Http.Response heartbeat(String credential, Sample s) {
        return http.post("/api/v1/agent/heartbeat", credential, Map.of("sample", s));
    }

    @Override
    public void close() {
        center.close();
    }
}
