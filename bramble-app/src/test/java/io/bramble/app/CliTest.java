package io.bramble.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.Center;
import io.bramble.center.config.CenterConfig;
import io.bramble.core.config.ConfigLoader;
import io.bramble.core.json.Json;
import io.bramble.core.wire.EnrollRequest;
import io.bramble.core.wire.Heartbeat;
import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;

/** The CLI verbs against a real center on loopback. */
class CliTest {
    static final String PASSWORD = "cli-test-password";
    @TempDir static Path dir;
    static Center center;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("bramble.cli.config", dir.resolve("cli.yaml").toString());
        CenterConfig cfg = ConfigLoader.parse("t", "http:\n  port: 0\ndataDir: \"" + dir.resolve("data") + "\"\nauth:\n  passwordIterations: 10000\n",
                CenterConfig.class);
        center = Center.start(cfg, Clock.systemUTC(), PASSWORD, new PrintStream(new ByteArrayOutputStream()));
        url = center.url();
        Run login = Run.withInput(PASSWORD + "\n", "login", "--center", url);
        assertThat(login.exit()).as(login.err()).isZero();
    }

    @AfterAll
    static void stop() {
        center.close();
        System.clearProperty("bramble.cli.config");
    }

    @Test
    void loginSavesTheSessionReadableOnlyByItsOwner() throws Exception {
        Path file = dir.resolve("cli.yaml");
        assertThat(Files.readString(file)).contains("center: \"" + url + "\"").contains("token: \"bs_");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void wrongPasswordIsRefusedClearly() {
        Run r = Run.withInput("not-the-password\n", "login", "--center", url);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("wrong username or password");
    }

    @Test
    void nodesAndNodeShowAnEnrolledPi() throws Exception {
        Run join = Run.of("token", "create", "--join", "--uses", "1");
        assertThat(join.exit()).as(join.err()).isZero();
        String joinToken = join.out().strip();
        assertThat(joinToken).startsWith("bj_");
        NodeFacts facts = new NodeFacts("10000000eeee0001", List.of("d8:3a:dd:00:00:01"), "pi5-a", "Raspberry Pi 5 Model B Rev 1.0",
                "d04170", null, 8L << 30, "Debian GNU/Linux 12 (bookworm)", "6.6.51", "aarch64", "test", false);
        String cred = Json.mapper().readTree(TestApi.post(url, "/api/v1/agent/enroll", null, new EnrollRequest(joinToken, facts))).path("credential").asString();
        Sample s = new Sample(Instant.now(), 1.25, 1.0, 0.75, 20.0, 8L << 30, 6L << 30, 64L << 30, 16L << 30, List.of(), 1L, 2L, 100.0, 55.5,
                Throttled.fromBits(0));
        TestApi.post(url, "/api/v1/agent/heartbeat", cred, new Heartbeat(s));

        Run nodes = Run.of("nodes");
        assertThat(nodes.exit()).as(nodes.err()).isZero();
        assertThat(nodes.out()).contains("NAME", "STATE", "LAST SEEN");
        assertThat(nodes.out()).containsPattern("pi5-a\\s+up\\s+1\\.25\\s+25%\\s+25%\\s+55\\.5°C\\s+no\\s+\\ds ago");

        Run node = Run.of("node", "pi5-a");
        assertThat(node.exit()).as(node.err()).isZero();
        assertThat(node.out()).contains("Raspberry Pi 5 Model B Rev 1.0").contains("10000000eeee0001").contains("8.0 GiB").contains("55.5 °C");

        Run json = Run.of("nodes", "--json");
        assertThat(Json.mapper().readTree(json.out()).path("nodes").get(0).path("name").asString()).isEqualTo("pi5-a");
    }

    @Test
    void unknownNodeIsAClearError() {
        Run r = Run.of("node", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no node named nope");
    }

    @Test
    void unreachableCenterIsAClearError() {
        Run r = Run.of("nodes", "--center", "http://127.0.0.1:9", "--token", "bt_x.y");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach the center at http://127.0.0.1:9");
    }

    @Test
    void badCenterConfigIsRefusedWithFileLineAndKey() throws Exception {
        Path bad = dir.resolve("center.yaml");
        Files.writeString(bad, "http:\n  port: 8080\nhealth:\n  staleAfter: 5s\n  downAfer: 1m\n");
        Run r = Run.of("center", "--config", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(bad + " line 5: health.downAfer: unknown key");
        Files.writeString(bad, "rack:\n  racks:\n    - name: left\n      rows: 0\n");
        Run r2 = Run.of("center", "--config", bad.toString());
        assertThat(r2.err()).contains("line 4: rack.racks[0].rows: must be between 1 and 64 (got 0)");
    }

    @Test
    void everyVerbHasHelp() {
        for (String verb : List.of("demo", "center", "agent", "simulate", "login", "nodes", "node", "token", "boot", "locate", "command")) {
            Run r = Run.of(verb, "--help");
            assertThat(r.exit()).as(verb).isZero();
            assertThat(r.out()).as(verb).contains("Usage: bramble " + verb);
        }
    }

    @Test
    void bootVerbsStoreAssetsCreateAProfileAssignListAndRetire() throws Exception {
        Path files = dir.resolve("boot-files");
        Files.createDirectories(files.resolve("overlays"));
        Files.writeString(files.resolve("overlays/overlay_map.dtb"), "map");
        byte[] big = new byte[3 << 20]; // larger than http.maxBodyBytes: the upload is streamed
        new java.util.Random(7).nextBytes(big);
        Files.write(files.resolve("kernel8.img"), big);
        Run add = Run.of("boot", "assets", "add", files.toString(), "--name", "set1");
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("boot assets set1: 2 files");
        assertThat(Files.readAllBytes(dir.resolve("data/boot/assets/set1/kernel8.img"))).isEqualTo(big);
        assertThat(Files.readString(dir.resolve("data/boot/assets/set1/overlays/overlay_map.dtb"))).isEqualTo("map");
        assertThat(Run.of("boot", "assets", "list").out()).containsPattern("set1\\s+2\\s+");
        Run create = Run.of("boot", "profiles", "create", "web", "--assets", "set1", "--image", "http://10.0.0.1/os.img", "--role", "web");
        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(Run.of("boot", "profiles", "list").out()).containsPattern("web\\s+local\\s+set1\\s+\\{name\\}\\s+web\\s+http://10.0.0.1/os.img");

        String joinToken = Run.of("token", "create", "--join").out().strip();
        NodeFacts facts = new NodeFacts("10000000eeee0002", List.of(), "worker-boot", "Raspberry Pi 4 Model B Rev 1.4", "c03114", null,
                4L << 30, "Debian GNU/Linux 12 (bookworm)", "6.6.51", "aarch64", "test", false);
        TestApi.post(url, "/api/v1/agent/enroll", null, new EnrollRequest(joinToken, facts));
        Run assign = Run.of("boot", "assign", "worker-boot", "--profile", "web");
        assertThat(assign.exit()).as(assign.err()).isZero();
        assertThat(assign.out()).contains("worker-boot is provisioning with profile web");
        assertThat(Run.of("boot", "list").out()).containsPattern("worker-boot\\s+eeee0002\\s+provisioning\\s+web");
        Run retire = Run.of("boot", "retire", "worker-boot");
        assertThat(retire.out()).contains("worker-boot is retired");
        Run wrong = Run.of("boot", "assign", "nope", "--profile", "web");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("no node named nope");
    }
}
