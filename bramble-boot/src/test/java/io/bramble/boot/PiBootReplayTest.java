package io.bramble.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.boot.TransferRecord.Outcome;
import io.bramble.boot.dhcp.DhcpPacket;
import io.bramble.core.config.ConfigLoader;

/** A Pi 4 and a Pi 5 boot, replayed against BootServices configured the way the center does it. */
class PiBootReplayTest {
    @TempDir Path root;
    final List<TransferRecord> transfers = new CopyOnWriteArrayList<>();
    final List<DhcpExchange> exchanges = new CopyOnWriteArrayList<>();
    final List<BootRequest> requests = new CopyOnWriteArrayList<>();
    BootServices services;
    DatagramSocket pi;
    Map<String, byte[]> shared;

    @BeforeEach
    void start() throws Exception {
        shared = PiReplay.writeFakeBootFiles(root, 1, 300_000);
        TestSupport.write(root.resolve("1a2b3c4d/cmdline.txt"), "console=serial0 hostname=node01".getBytes(StandardCharsets.UTF_8));
        pi = new DatagramSocket(null);
        pi.setReuseAddress(true);
        pi.setBroadcast(true);
        pi.bind(new InetSocketAddress("0.0.0.0", 0));
        BootConfig config = ConfigLoader.parse("boot.yaml", """
                tftp:
                  listen: 127.0.0.1
                  port: 0
                  timeout: 500ms
                dhcp:
                  enabled: true
                  listen: 127.0.0.1
                  serverAddress: 127.0.0.1
                  subnet: 127.0.0.0/8
                  port: 0
                  pxePort: 0
                  clientPort: %d
                """.formatted(pi.getLocalPort()), BootConfig.class);
        DirectoryBootPolicy directory = new DirectoryBootPolicy(root);
        BootPolicy recording = request -> {
            requests.add(request);
            return directory.decide(request);
        };
        services = new BootServices(config, recording, Clock.systemUTC(), new BootLog() {
            @Override
            public void transfer(TransferRecord record) {
                transfers.add(record);
            }

            @Override
            public void dhcp(DhcpExchange exchange) {
                exchanges.add(exchange);
            }
        }).start();
    }

    @AfterEach
    void stop() {
        services.close();
        pi.close();
    }

    @Test
    void piFourBootsFromDiscoverToKernelWithItsOwnCmdline() throws Exception {
        DhcpPacket offer = PiReplay.discover(pi, new InetSocketAddress("127.0.0.1", services.dhcpPort()), "dc:a6:32:12:34:56", "1a2b3c4d", false, 41);
        assertThat(PiReplay.hasPiMenu(offer)).isTrue();
        assertThat(offer.siaddr().getHostAddress()).isEqualTo("127.0.0.1");

        PiReplay.Boot boot = PiReplay.tftp(new InetSocketAddress("127.0.0.1", services.tftpPort()), "1a2b3c4d", PiReplay.PI4, offer);
        assertThat(boot.missing()).containsExactly("pieeprom.sig", "recover4.elf");
        assertThat(boot.files().get("kernel8.img")).isEqualTo(shared.get("kernel8.img"));
        assertThat(boot.files().get("start4.elf")).isEqualTo(shared.get("start4.elf"));
        assertThat(new String(boot.files().get("cmdline.txt"), StandardCharsets.UTF_8)).isEqualTo("console=serial0 hostname=node01");

        await().atMost(Duration.ofSeconds(5)).until(() -> services.activeTransfers() == 0 && transfers.size() == 2 * 9 + 2);
        assertThat(transfers).allMatch(t -> "1a2b3c4d".equals(t.serial()));
        assertThat(transfers).filteredOn(t -> t.outcome() == Outcome.PROBE).hasSize(9);
        assertThat(transfers).filteredOn(t -> t.outcome() == Outcome.NOT_FOUND).hasSize(2);
        assertThat(transfers).filteredOn(t -> t.outcome() == Outcome.COMPLETED).hasSize(9)
                .allMatch(t -> t.negotiated().get("blksize").equals("1468"));
        assertThat(exchanges).anyMatch(e -> e.reply().equals("OFFER") && e.client().mac().equals("dc:a6:32:12:34:56"));
    }

    @Test
    void aPxeRequestTeachesTftpTheClientsMacAndThatItIsAPi() throws Exception {
        DhcpPacket request = new DhcpPacket.Builder().op(DhcpPacket.BOOTREQUEST)
                .hardware(1, java.util.HexFormat.ofDelimiter(":").parseHex("b8:27:eb:00:00:03")).xid(99)
                .ciaddr(DhcpPacket.v4("127.0.0.1")).messageType(DhcpPacket.REQUEST)
                .option(DhcpPacket.OPT_VENDOR_CLASS, io.bramble.boot.dhcp.ClientClassifier.PI_VENDOR_CLASS).build();
        byte[] wire = request.encode();
        pi.send(new java.net.DatagramPacket(wire, wire.length, new InetSocketAddress("127.0.0.1", services.pxePort())));
        org.awaitility.Awaitility.await().until(() -> services.clients().lookup(DhcpPacket.v4("127.0.0.1")) != null);

        // a Pi 3 asks for bootcode.bin without a serial prefix: still a Pi (blksize capped), and its MAC is known
        try (io.bramble.boot.tftp.RawTftpClient c = new io.bramble.boot.tftp.RawTftpClient(new InetSocketAddress("127.0.0.1", services.tftpPort()))) {
            var r = c.get("start4.elf", Map.of("blksize", "65464"));
            assertThat(r.oack()).containsEntry("blksize", "1468");
            assertThat(r.content()).isEqualTo(shared.get("start4.elf"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> transfers.size() == 1);
        assertThat(transfers.getFirst().serial()).isNull();
        assertThat(requests.getFirst().mac()).isEqualTo("b8:27:eb:00:00:03");
        assertThat(requests.getFirst().pi()).isTrue();
    }

    @Test
    void piFiveBootsWithoutStartElf() throws Exception {
        DhcpPacket offer = PiReplay.discover(pi, new InetSocketAddress("127.0.0.1", services.dhcpPort()), "2c:cf:67:00:00:05", "5e5e5e5e", true, 42);
        assertThat(PiReplay.hasPiMenu(offer)).isTrue();
        PiReplay.Boot boot = PiReplay.tftp(new InetSocketAddress("127.0.0.1", services.tftpPort()), "5e5e5e5e", PiReplay.PI5, offer);
        assertThat(boot.missing()).containsExactly("pieeprom.sig", "initramfs_2712");
        assertThat(boot.files().get("kernel_2712.img")).isEqualTo(shared.get("kernel_2712.img"));
        assertThat(boot.files().get("cmdline.txt")).as("no per-serial cmdline: the shared one").isEqualTo(shared.get("cmdline.txt"));
        await().atMost(Duration.ofSeconds(5)).until(() -> services.activeTransfers() == 0);
        assertThat(transfers).filteredOn(t -> t.outcome() == Outcome.COMPLETED).hasSize(5);
    }
}
