package io.bramble.center.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.bramble.center.TestCenter;
import io.bramble.core.wire.AgentEvent;
import io.bramble.core.wire.EventBatch;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The same scenario on both stores: migrations run, every table is written and read back through
 * the real API, and everything is still there after the center restarts on the same store.
 */
class StoreScenarioTest {
    static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) postgres.close();
    }

    private static String storeYaml(String kind, String db) throws Exception {
        if (kind.equals("sqlite")) return "";
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        return "store:\n  url: \"jdbc:postgresql://localhost:" + postgres.getPort() + "/" + db + "\"\n  user: postgres\n";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void everythingWrittenIsReadBackAndSurvivesARestart(String kind, @TempDir Path dir) throws Exception {
        String yaml = storeYaml(kind, "scenario");
        String apiToken;
        try (TestCenter tc = new TestCenter(dir, yaml)) {
            assertThat(tc.center.store().isPostgres()).isEqualTo(kind.equals("postgres"));
            String admin = tc.adminToken();
            apiToken = tc.token("admin");
            String cred = tc.enroll("10000000dddd0001", "pi-store");
            for (int i = 0; i < 13; i++) {
                assertThat(tc.heartbeat(cred, tc.sample(0.5 + i, 40.0 + i)).status()).isEqualTo(200);
                tc.clock.advance(Duration.ofSeconds(5));
            }
            var events = new EventBatch(List.of(new AgentEvent(1, tc.clock.instant(), "agent.started", Map.of("version", "1"))));
            assertThat(tc.http.post("/api/v1/agent/events", cred, events).status()).isEqualTo(200);
            assertThat(tc.http.patch("/api/v1/nodes/pi-store", admin, Map.of("labels", Map.of("k", "v"), "roles", List.of("web"),
                    "location", Map.of("rack", "rack1", "row", 3, "slot", 8))).status()).isEqualTo(200);
            assertThat(tc.center.nodes().rollup()[0]).isGreaterThan(0);
            tc.center.nodes().checkHealth();
            // netboot's tables (V2): an asset set, a profile, an assignment and a progress report
            java.nio.file.Files.createDirectories(dir.resolve("boot-files"));
            java.nio.file.Files.writeString(dir.resolve("boot-files/kernel8.img"), "kernel");
            assertThat(tc.http.post("/api/v1/boot/assets", admin, Map.of("name", "set1", "dir", dir.resolve("boot-files").toString())).status())
                    .isEqualTo(201);
            assertThat(tc.http.post("/api/v1/boot/profiles", admin, Map.of("name", "web", "assets", "set1", "mode", "local",
                    "image", "http://10.0.0.1/os.img")).status()).isEqualTo(201);
            assertThat(tc.http.post("/api/v1/boot/nodes/pi-store/assign", admin, Map.of("profile", "web")).status()).isEqualTo(200);
            assertThat(tc.http.post("/api/v1/boot/progress", cred, Map.of("stage", "write", "percent", 40)).status()).isEqualTo(200);
            // the credential, and the API token, must work after the restart too
            tc.clock.advance(Duration.ofSeconds(1));
            try (var out = new java.io.FileWriter(dir.resolve("cred").toFile())) {
                out.write(cred);
            }
        }
        try (TestCenter tc = new TestCenter(dir, yaml)) {
            String cred = java.nio.file.Files.readString(dir.resolve("cred"));
            var node = tc.http.get("/api/v1/nodes/pi-store", apiToken);
            assertThat(node.status()).isEqualTo(200);
            assertThat(node.json().path("labels").path("k").asString()).isEqualTo("v");
            assertThat(node.json().path("location").path("slot").asInt()).isEqualTo(8);
            assertThat(node.json().path("metrics").path("load1").asDouble()).isEqualTo(12.5);
            assertThat(node.json().path("facts").path("model").asString()).isEqualTo("Raspberry Pi 4 Model B Rev 1.4");
            var boot = tc.http.get("/api/v1/boot/nodes/pi-store", apiToken).json();
            assertThat(boot.path("lifecycle").asString()).isEqualTo("provisioning");
            assertThat(boot.path("profile").asString()).isEqualTo("web");
            assertThat(boot.path("percent").asInt()).isEqualTo(40);
            assertThat(boot.path("deadline").isNull()).isFalse();
            assertThat(tc.http.get("/api/v1/boot/assets", apiToken).json().path("assets").get(0).path("files").get(0).path("sha256").asString())
                    .isEqualTo(sha256("kernel"));
            assertThat(tc.http.get("/api/v1/boot/profiles/web", apiToken).json().path("image").asString()).isEqualTo("http://10.0.0.1/os.img");
            var samples = tc.http.get("/api/v1/nodes/pi-store/samples?resolution=raw&from=2026-11-23T09:00:00Z&to=2026-11-23T11:00:00Z", apiToken);
            assertThat(samples.json().path("samples").size()).isEqualTo(13);
            var types = tc.http.get("/api/v1/nodes/pi-store/events", apiToken).json().path("events").toString();
            assertThat(types).contains("agent.started", "node.edited", "node.joined");
            assertThat(tc.http.get("/api/v1/audit", apiToken).body()).contains("node.edit");
            assertThat(tc.heartbeat(cred, tc.sample(1, 41.0)).status()).isEqualTo(200);
            // the admin was created once; the bootstrap did not run again
            assertThat(tc.out.toString()).doesNotContain("admin user created");
            // event ids continue after a restart instead of clashing
            var more = new EventBatch(List.of(new AgentEvent(2, tc.clock.instant(), "agent.restarted", Map.of())));
            assertThat(tc.http.post("/api/v1/agent/events", cred, more).status()).isEqualTo(200);
        }
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
