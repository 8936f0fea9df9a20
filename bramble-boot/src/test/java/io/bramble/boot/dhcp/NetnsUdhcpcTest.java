package io.bramble.boot.dhcp;

import static io.bramble.boot.TestSupport.requireBinary;
import static io.bramble.boot.TestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.boot.BootConfig;
import io.bramble.boot.BootLog;
import io.bramble.boot.ClientDirectory;
import io.bramble.boot.DhcpExchange;
import io.bramble.boot.DirectoryBootPolicy;
import io.bramble.boot.TestSupport;
import io.bramble.boot.TestSupport.Run;

/**
 * A real DHCP client on a real (virtual) link: busybox udhcpc in a network namespace sends the Pi's vendor class and
 * option 97 over a veth pair; the server on the host side answers on port 67 and the reply's option 43 is checked.
 * Needs root, ip (iproute2) and busybox; skipped otherwise.
 */
class NetnsUdhcpcTest {
    @TempDir Path dir;
    final int net = 200 + new Random().nextInt(50);
    final String ns = "bramble-boot-" + ProcessHandle.current().pid();
    final String hostIf = "bbh" + (ProcessHandle.current().pid() % 100_000);
    final String piIf = "bbp" + (ProcessHandle.current().pid() % 100_000);
    boolean created;
    DhcpServer server;

    void sh(String... command) throws Exception {
        Run r = run(null, 20, command);
        assertThat(r.exit()).as(String.join(" ", command) + ": " + r.output()).isZero();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) server.close();
        if (created) run(null, 20, "ip", "netns", "del", ns);
    }

    @Test
    void udhcpcSendingThePiOptionsGetsTheRaspberryPiMenuInOption43() throws Exception {
        Assumptions.assumeTrue(TestSupport.isRoot(), "network-namespace test needs root: skipped (CI runs it as root)");
        requireBinary("ip", "iproute2");
        requireBinary("busybox", "busybox");
        String host = "10.233." + net + ".1";
        sh("ip", "netns", "add", ns);
        created = true;
        sh("ip", "link", "add", hostIf, "type", "veth", "peer", "name", piIf);
        sh("ip", "link", "set", piIf, "netns", ns);
        sh("ip", "addr", "add", host + "/24", "dev", hostIf);
        sh("ip", "link", "set", hostIf, "up");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", piIf, "up");

        List<DhcpExchange> exchanges = new CopyOnWriteArrayList<>();
        BootConfig.Dhcp config = new BootConfig.Dhcp(true, BootConfig.DhcpMode.STANDALONE, "0.0.0.0", host, "10.233." + net + ".0/24",
                67, 0, 68, "10.233." + net + ".100-10.233." + net + ".110", Duration.ofMinutes(5), null, null);
        try {
            server = new DhcpServer(config, new DirectoryBootPolicy(dir), new BootLog() {
                @Override
                public void dhcp(DhcpExchange exchange) {
                    exchanges.add(exchange);
                }
            }, Clock.systemUTC(), new ClientDirectory()).start();
        } catch (java.io.UncheckedIOException e) {
            Assumptions.abort("port 67 is taken on this machine (" + e.getMessage() + "): skipped");
        }

        Path script = dir.resolve("udhcpc.sh");
        Path env = dir.resolve("bound.env");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env > " + env + "\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        String guid = "00" + "52506934" + "1131c000" + "32123456" + "4d3c2b1a";
        Run r = run(null, 30, "ip", "netns", "exec", ns, "busybox", "udhcpc", "-f", "-q", "-n", "-t", "3", "-T", "1",
                "-i", piIf, "-s", script.toString(), "-V", ClientClassifier.PI_VENDOR_CLASS, "-x", "0x61:" + guid,
                "-x", "0x5d:0000", "-O", "43", "-O", "60", "-O", "66");
        assertThat(r.exit()).as(r.output()).isZero();
        String bound = Files.readString(env);
        assertThat(bound).contains("ip=10.233." + net + ".100");
        assertThat(bound).contains("serverid=" + host);
        assertThat(bound).containsIgnoringCase("opt43=" + HexFormat.of().formatHex(PxeMenu.raspberryPi()));
        assertThat(exchanges).anyMatch(e -> e.answered() && e.reply().equals("OFFER") && e.client().pi());
        assertThat(exchanges).anyMatch(e -> e.answered() && e.reply().equals("ACK"));
    }
}
