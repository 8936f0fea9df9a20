package io.bramble.center.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.TestCenter;
import io.bramble.center.nodes.Lifecycle;
import io.bramble.center.nodes.Node;

/** Netboot end to end: a real center with TFTP on loopback, files fetched by a real TFTP client as a Pi 4 asks for them. */
class NetbootLifecycleTest {
    private static final String SERIAL = "3a5b9c01";
    private static final String FULL_SERIAL = "100000003a5b9c01";
    /** What a Pi 4's bootloader and start4.elf read over TFTP, in order (captured from a Pi 4B with EEPROM 2024-09). */
    private static final List<String> PI4_SEQUENCE = List.of("config.txt", "start4.elf", "fixup4.dat", "config.txt",
            "bcm2711-rpi-4-b.dtb", "overlays/overlay_map.dtb", "cmdline.txt", "kernel8.img", "initramfs8");

    @TempDir Path tmp;
    TestCenter tc;
    String admin;
    byte[] discoveryKernel;
    byte[] installerKernel;

    @BeforeEach
    void start() throws IOException {
        tc = new TestCenter(tmp.resolve("data"), "boot:\n  enabled: true\n  tftp:\n    listen: 127.0.0.1\n    port: 0\n"
                + "  discoveryProfile: discovery\n");
        admin = tc.adminToken();
        discoveryKernel = assetDir("discovery-files", 1);
        installerKernel = assetDir("installer-files", 2);
        assertThat(tc.http.post("/api/v1/boot/assets", admin, Map.of("name", "discovery", "dir", tmp.resolve("discovery-files").toString())).status())
                .isEqualTo(201);
        assertThat(tc.http.post("/api/v1/boot/assets", admin, Map.of("name", "installer", "dir", tmp.resolve("installer-files").toString())).status())
                .isEqualTo(201);
        assertThat(tc.http.post("/api/v1/boot/profiles", admin, Map.of("name", "discovery", "assets", "discovery", "mode", "local")).status())
                .isEqualTo(201);
        assertThat(tc.http.post("/api/v1/boot/profiles", admin, Map.of("name", "web", "assets", "installer", "mode", "local", "role", "web",
                "hostnamePattern", "web-{serial}", "image", "http://10.0.0.1/images/bookworm-lite.img.xz")).status()).isEqualTo(201);
        assertThat(tc.http.post("/api/v1/boot/profiles", admin, Map.of("name", "thin", "assets", "installer", "mode", "diskless",
                "root", "nfs:10.0.0.5:/srv/roots/{name}")).status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        tc.close();
    }

    /** A Pi 4 boot-file set with seeded random contents; returns the kernel's bytes. */
    private byte[] assetDir(String name, int seed) throws IOException {
        Path d = tmp.resolve(name);
        Random r = new Random(seed);
        byte[] kernel = null;
        for (String f : List.of("start4.elf", "fixup4.dat", "bcm2711-rpi-4-b.dtb", "kernel8.img", "initramfs8")) {
            byte[] b = new byte[f.equals("kernel8.img") ? 300_000 : 20_000];
            r.nextBytes(b);
            Files.createDirectories(d);
            Files.write(d.resolve(f), b);
            if (f.equals("kernel8.img")) kernel = b;
        }
        return kernel;
    }

    /** The file's bytes, or null when the server answered "file not found". */
    private byte[] tftp(String path) throws IOException {
        TFTPClient client = new TFTPClient();
        client.setDefaultTimeout(Duration.ofSeconds(5));
        client.open();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            client.receiveFile(path, TFTP.BINARY_MODE, out, "127.0.0.1", tc.center.tftpPort());
            return out.toByteArray();
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("File not found")) return null;
            throw e;
        } finally {
            client.close();
        }
    }

    /** Replays a Pi 4's boot; returns what it got by path (null: declined). */
    private Map<String, byte[]> boot(String serial) throws IOException {
        Map<String, byte[]> got = new LinkedHashMap<>();
        for (String p : PI4_SEQUENCE) got.put(p, tftp(serial + "/" + p));
        return got;
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static String token(String cmdline) {
        Matcher m = Pattern.compile("bramble\\.token=(\\S+)").matcher(cmdline);
        assertThat(m.find()).as("token in %s", cmdline).isTrue();
        return m.group(1);
    }

    private Node node() {
        return tc.center.nodes().bySerial(SERIAL).orElseThrow();
    }

    @Test
    void aNewPiGoesFromDiscoveryThroughProvisioningToDeployedAndIsThenDeclined() throws Exception {
        // 1. unknown Pi: enlisted as new, gets the discovery system
        Map<String, byte[]> first = boot(SERIAL);
        Node n = node();
        assertThat(n.name()).isEqualTo("pi-" + SERIAL);
        assertThat(n.lifecycle()).isEqualTo(Lifecycle.NEW);
        assertThat(first.get("kernel8.img")).isEqualTo(discoveryKernel);
        assertThat(first.get("overlays/overlay_map.dtb")).isNull();
        assertThat(text(first.get("config.txt"))).contains("kernel=kernel8.img", "initramfs initramfs8 followkernel", "cmdline=cmdline.txt");
        String cmdline = text(first.get("cmdline.txt"));
        assertThat(cmdline).contains("hostname=pi-" + SERIAL, "bramble.stage=discover", "bramble.center=" + tc.center.url());
        String discoveryToken = token(cmdline);

        // the same boot again gets the same token, and reading never moved the node on
        assertThat(token(text(tftp(SERIAL + "/cmdline.txt")))).isEqualTo(discoveryToken);
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.NEW);

        // 2. the discovery system reports with the one-time token: discovering
        var r = tc.http.post("/api/v1/boot/progress", discoveryToken, Map.of("stage", "discover", "message", "collecting facts"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.DISCOVERING);

        // 3. its agent enrolls with the token and the full serial: ready, same node
        r = tc.http.post("/api/v1/agent/enroll", null, Map.of("joinToken", discoveryToken, "facts", TestCenter.facts(FULL_SERIAL, "raspberrypi")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.READY);
        assertThat(node().name()).isEqualTo("pi-" + SERIAL);
        assertThat(tc.center.nodes().list()).hasSize(1);
        // the token was used up: nobody else enrolls with it
        r = tc.http.post("/api/v1/agent/enroll", null, Map.of("joinToken", discoveryToken, "facts", TestCenter.facts("deadbeef", "intruder")));
        assertThat(r.status()).isEqualTo(401);
        // ready: declined, the Pi falls through to its next boot mode
        assertThat(tftp(SERIAL + "/config.txt")).isNull();

        // 4. a viewer cannot assign; an operator can: provisioning
        String viewer = tc.token("viewer");
        r = tc.http.post("/api/v1/boot/nodes/pi-" + SERIAL + "/assign", viewer, Map.of("profile", "web"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.READY);
        String operator = tc.token("operator");
        r = tc.http.post("/api/v1/boot/nodes/pi-" + SERIAL + "/assign", operator, Map.of("profile", "web"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("lifecycle").asString()).isEqualTo("provisioning");
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.PROVISIONING);
        assertThat(node().roles()).contains("web");

        Map<String, byte[]> install = boot(SERIAL);
        assertThat(install.get("kernel8.img")).isEqualTo(installerKernel);
        String installCmdline = text(install.get("cmdline.txt"));
        assertThat(installCmdline).contains("bramble.stage=install", "bramble.profile=web", "hostname=web-" + SERIAL,
                "bramble.image=http://10.0.0.1/images/bookworm-lite.img.xz");
        assertThat(token(installCmdline)).isNotEqualTo(discoveryToken);
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.PROVISIONING);

        // 5. the installer reports progress with the node credential, then done: deployed
        String credential = tc.enroll(FULL_SERIAL, "raspberrypi");
        assertThat(node().lifecycle()).as("enrolling while provisioning keeps provisioning").isEqualTo(Lifecycle.PROVISIONING);
        r = tc.http.post("/api/v1/boot/progress", credential, Map.of("stage", "write", "percent", 50));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(tc.http.get("/api/v1/boot/nodes/pi-" + SERIAL, viewer).json().path("percent").asInt()).isEqualTo(50);
        r = tc.http.post("/api/v1/boot/progress", credential, Map.of("stage", "done", "percent", 100, "done", true));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.DEPLOYED);
        Map<String, byte[]> after = boot(SERIAL);
        assertThat(after.values()).containsOnlyNulls();
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.DEPLOYED);

        // the timeline shows transfers and every lifecycle step; the audit shows who assigned
        tc.center.bootEvents().flush();
        var events = tc.center.events().recent(node().id(), null, 1000);
        assertThat(events).extracting(e -> e.type()).contains("node.enlisted", "boot.transfer", "boot.progress", "node.lifecycle");
        assertThat(events).filteredOn(e -> e.type().equals("node.lifecycle")).extracting(e -> e.detail().get("to"))
                .containsExactly("deployed", "provisioning", "ready", "discovering");
        assertThat(events).filteredOn(e -> e.type().equals("boot.transfer")).extracting(e -> e.detail().get("outcome"))
                .contains("completed", "not_found");
        assertThat(tc.center.audit().recent(100)).extracting(a -> a.action()).contains("boot.assign", "boot.assets.add", "boot.profile.create");
        // reprovision sends it back to the installer
        r = tc.http.post("/api/v1/boot/nodes/pi-" + SERIAL + "/reprovision", operator, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(tftp(SERIAL + "/kernel8.img")).isEqualTo(installerKernel);
        // retired: declined
        assertThat(tc.http.post("/api/v1/boot/nodes/pi-" + SERIAL + "/retire", operator, null).status()).isEqualTo(200);
        assertThat(tftp(SERIAL + "/kernel8.img")).isNull();
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.RETIRED);
    }

    @Test
    void aDisklessNodeGetsTheKernelAndACmdlineWithItsNfsRoot() throws Exception {
        tftp(SERIAL + "/config.txt");
        var r = tc.http.post("/api/v1/boot/nodes/pi-" + SERIAL + "/assign", admin, Map.of("profile", "thin"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.DISKLESS);
        Map<String, byte[]> got = boot(SERIAL);
        assertThat(got.get("kernel8.img")).isEqualTo(installerKernel);
        assertThat(text(got.get("cmdline.txt"))).contains("root=/dev/nfs", "nfsroot=10.0.0.5:/srv/roots/pi-" + SERIAL + ",vers=3,tcp",
                " rw", "ip=dhcp", "bramble.stage=diskless");
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.DISKLESS);
    }

    @Test
    void provisioningWithoutACompletionReportFailsAtTheDeadline() throws Exception {
        tftp(SERIAL + "/config.txt");
        var r = tc.http.post("/api/v1/boot/nodes/pi-" + SERIAL + "/assign", admin, Map.of("profile", "web"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        tc.clock.advance(Duration.ofMinutes(29));
        tc.center.boot().checkDeadlines();
        assertThat(node().lifecycle()).isEqualTo(Lifecycle.PROVISIONING);
        tc.clock.advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> node().lifecycle() == Lifecycle.FAILED);
        var view = tc.http.get("/api/v1/boot/nodes/pi-" + SERIAL, admin).json();
        assertThat(view.path("failedReason").asString()).contains("no completion report within 30m");
        assertThat(tftp(SERIAL + "/kernel8.img")).as("failed nodes are declined").isNull();
    }

    @Test
    void traversalAndLinksOutOfAnAssetSetAreRefusedAndChangeNothing() throws Exception {
        tftp(SERIAL + "/config.txt");
        Lifecycle before = node().lifecycle();
        assertThatThrownBy(() -> tftp(SERIAL + "/../../data/bramble.db")).hasMessageContaining("access violation");
        assertThatThrownBy(() -> tftp(SERIAL + "/overlays/../../../etc/passwd")).hasMessageContaining("access violation");
        // a link planted in a stored set is not followed out of it
        Path stored = tc.center.boot().assetDir("discovery");
        Files.createSymbolicLink(stored.resolve("passwd"), Path.of("/etc/passwd"));
        assertThat(tftp(SERIAL + "/passwd")).isNull();
        assertThat(CenterBootPolicy.inside(stored, "../installer/kernel8.img")).isNull();
        assertThat(node().lifecycle()).isEqualTo(before);
        // and a set with a link in it is not taken at all
        Path withLink = tmp.resolve("with-link");
        Files.createDirectories(withLink);
        Files.createSymbolicLink(withLink.resolve("kernel8.img"), Path.of("/etc/passwd"));
        var r = tc.http.post("/api/v1/boot/assets", admin, Map.of("name", "sneaky", "dir", withLink.toString()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("not a regular file");
        assertThat(tc.center.boot().asset("sneaky")).isEmpty();
    }

    @Test
    void assetsAreStoredWithTheirSha256AndOnlyAdminsMayAddThem() throws Exception {
        var list = tc.http.get("/api/v1/boot/assets", tc.token("viewer")).json();
        var kernel = list.path("assets").get(0).path("files").valueStream().filter(f -> f.path("path").asString().equals("kernel8.img")).findFirst().orElseThrow();
        assertThat(kernel.path("sha256").asString()).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(discoveryKernel)));
        assertThat(Files.readAllBytes(tmp.resolve("data/boot/assets/discovery/kernel8.img"))).isEqualTo(discoveryKernel);
        var r = tc.http.post("/api/v1/boot/assets", tc.token("operator"), Map.of("name", "x", "dir", tmp.resolve("installer-files").toString()));
        assertThat(r.status()).isEqualTo(403);
        r = tc.http.post("/api/v1/boot/profiles", admin, Map.of("name", "bad", "assets", "nosuchset", "mode", "local"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("no asset set named nosuchset");
        r = tc.http.send("DELETE", "/api/v1/boot/profiles/discovery", admin, null, null, Map.of());
        assertThat(r.status()).isEqualTo(409);
    }

    @Test
    void anUnknownSerialIsDeclinedWithoutANodeWhenAutoEnlistIsOff(@TempDir Path other) throws Exception {
        tc.close();
        tc = new TestCenter(other, "boot:\n  enabled: true\n  autoEnlist: false\n  tftp:\n    listen: 127.0.0.1\n    port: 0\n");
        assertThat(tftp(SERIAL + "/config.txt")).isNull();
        assertThat(tc.center.nodes().list()).isEmpty();
    }

    @Test
    void readingBootFilesNeverMovesANodeOnInAnyState() throws Exception {
        boot(SERIAL);
        String id = node().id();
        for (String profile : List.of("web", "thin")) {
            tc.http.post("/api/v1/boot/nodes/pi-" + SERIAL + "/assign", admin, Map.of("profile", profile));
            Lifecycle before = node().lifecycle();
            long lifecycleEvents = tc.center.events().recent(id, null, 1000).stream().filter(e -> e.type().equals("node.lifecycle")).count();
            for (int i = 0; i < 3; i++) boot(SERIAL);
            assertThat(node().lifecycle()).isEqualTo(before);
            assertThat(tc.center.events().recent(id, null, 1000).stream().filter(e -> e.type().equals("node.lifecycle")).count())
                    .isEqualTo(lifecycleEvents);
        }
        // the same boot gets the same generated files until something changes
        assertThat(tftp(SERIAL + "/cmdline.txt")).isEqualTo(tftp(SERIAL + "/cmdline.txt"));
    }

    @Test
    void anUploadedZipWithATraversingEntryIsRefusedAndNothingIsStored() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (var out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("kernel8.img"));
            out.write(new byte[] {1, 2, 3});
            out.putNextEntry(new java.util.zip.ZipEntry("../../escaped.txt"));
            out.write(new byte[] {4});
        }
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(tc.center.url() + "/api/v1/boot/assets/evil"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/zip")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(zip.toByteArray())).build();
        var r = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("'../../escaped.txt' is not a plain relative path");
        assertThat(tc.center.boot().asset("evil")).isEmpty();
        assertThat(tmp.resolve("data/boot/escaped.txt")).doesNotExist();
        assertThat(tmp.resolve("data/boot/assets/evil")).doesNotExist();
    }
}
