package io.bramble.boot.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.boot.BootConfig;
import io.bramble.boot.BootConfig.DhcpMode;
import io.bramble.boot.BootLog;
import io.bramble.boot.ClientDirectory;
import io.bramble.boot.DhcpExchange;
import io.bramble.boot.DirectoryBootPolicy;

/** The DHCP server on loopback high ports, with a client socket standing in for the Pi's port 68. */
class DhcpServerTest {
    @TempDir Path root;
    final List<DhcpExchange> exchanges = new CopyOnWriteArrayList<>();
    final ClientDirectory clients = new ClientDirectory();
    DhcpServer server;
    DatagramSocket client;

    DhcpServer start(DhcpMode mode) throws IOException {
        client = new DatagramSocket(null);
        client.setReuseAddress(true);
        client.setBroadcast(true);
        client.bind(new InetSocketAddress("0.0.0.0", 0));
        client.setSoTimeout(1000);
        BootConfig.Dhcp config = new BootConfig.Dhcp(true, mode, "127.0.0.1", "127.0.0.1", "127.0.0.0/8", 0, 0, client.getLocalPort(),
                mode == DhcpMode.STANDALONE ? "127.0.9.10-127.0.9.11" : null, Duration.ofMinutes(10), "127.0.0.1", null);
        server = new DhcpServer(config, new DirectoryBootPolicy(root, "http://127.0.0.1:8080/api/v1/boot/ipxe"), new BootLog() {
            @Override
            public void dhcp(DhcpExchange exchange) {
                exchanges.add(exchange);
            }
        }, Clock.systemUTC(), clients).start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (client != null) client.close();
    }

    void send(byte[] b, int port) throws IOException {
        client.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", port)));
    }

    DhcpPacket receive() throws IOException {
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        client.receive(p);
        return DhcpPacket.decode(p.getData(), p.getLength());
    }

    boolean silent() throws IOException {
        client.setSoTimeout(300);
        try {
            receive();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            client.setSoTimeout(1000);
        }
    }

    @Test
    void piFourDiscoverGetsAProxyOfferWithTheRaspberryPiMenu() throws IOException {
        start(DhcpMode.PROXY);
        send(DhcpCodecTest.golden("pi4-discover"), server.port());
        DhcpPacket offer = receive();
        assertThat(offer.messageType()).isEqualTo(DhcpPacket.OFFER);
        assertThat(offer.xid()).isEqualTo(0x1a2b3c4d);
        assertThat(offer.yiaddr().getHostAddress()).as("a proxy never hands out addresses").isEqualTo("0.0.0.0");
        assertThat(offer.siaddr().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(offer.option(DhcpPacket.OPT_VENDOR_SPECIFIC)).isEqualTo(PxeMenu.raspberryPi());
        assertThat(offer.optionText(DhcpPacket.OPT_VENDOR_CLASS)).isEqualTo("PXEClient");
        assertThat(offer.optionText(DhcpPacket.OPT_TFTP_SERVER)).isEqualTo("127.0.0.1");
        assertThat(offer.option(DhcpPacket.OPT_SERVER_ID)).containsExactly(127, 0, 0, 1);
        assertThat(exchanges).anyMatch(e -> e.answered() && e.reply().equals("OFFER") && e.client().pi());
    }

    @Test
    void piThreeDiscoverGetsTheSameMenu() throws IOException {
        start(DhcpMode.PROXY);
        send(DhcpCodecTest.golden("pi3-discover"), server.port());
        DhcpPacket offer = receive();
        assertThat(offer.option(DhcpPacket.OPT_VENDOR_SPECIFIC)).isEqualTo(DhcpCodecTest.golden("option43"));
    }

    @Test
    void ordinaryClientsAndOtherPxeFirmwareAreIgnored() throws IOException {
        start(DhcpMode.PROXY);
        send(DhcpCodecTest.discover("00:11:22:33:44:55").build().encode(), server.port());
        send(DhcpCodecTest.discover("00:11:22:33:44:56").option(DhcpPacket.OPT_VENDOR_CLASS, "PXEClient:Arch:00007:UNDI:003016").build().encode(), server.port());
        assertThat(silent()).isTrue();
        await().until(() -> exchanges.size() == 2);
        assertThat(exchanges).noneMatch(DhcpExchange::answered);
    }

    @Test
    void ipxeClientsGetTheScriptUrlAsBootFile() throws IOException {
        start(DhcpMode.PROXY);
        send(DhcpCodecTest.discover("dc:a6:32:00:00:07").option(DhcpPacket.OPT_USER_CLASS, "iPXE")
                .option(DhcpPacket.OPT_VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001").build().encode(), server.port());
        DhcpPacket offer = receive();
        assertThat(offer.optionText(DhcpPacket.OPT_BOOTFILE)).isEqualTo("http://127.0.0.1:8080/api/v1/boot/ipxe");
        assertThat(offer.file()).isEqualTo("http://127.0.0.1:8080/api/v1/boot/ipxe");
        assertThat(offer.option(DhcpPacket.OPT_VENDOR_SPECIFIC)).isNull();
    }

    @Test
    void pxeRequestOnPort4011IsAcknowledgedToTheClientAndRemembered() throws IOException {
        start(DhcpMode.PROXY);
        byte[] raw = DhcpCodecTest.golden("pi4-discover");
        DhcpPacket discover = DhcpPacket.decode(raw, raw.length);
        DhcpPacket request = new DhcpPacket.Builder().op(DhcpPacket.BOOTREQUEST).hardware(1, HexFormat.ofDelimiter(":").parseHex(discover.mac()))
                .xid(77).ciaddr(DhcpPacket.v4("127.0.0.1")).messageType(DhcpPacket.REQUEST)
                .option(DhcpPacket.OPT_VENDOR_CLASS, ClientClassifier.PI_VENDOR_CLASS)
                .option(DhcpPacket.OPT_CLIENT_UUID, discover.option(DhcpPacket.OPT_CLIENT_UUID)).build();
        send(request.encode(), server.pxePort());
        DhcpPacket ack = receive();
        assertThat(ack.messageType()).isEqualTo(DhcpPacket.ACK);
        assertThat(ack.option(DhcpPacket.OPT_VENDOR_SPECIFIC)).isEqualTo(PxeMenu.raspberryPi());
        assertThat(ack.option(DhcpPacket.OPT_CLIENT_UUID)).isEqualTo(discover.option(DhcpPacket.OPT_CLIENT_UUID));
        assertThat(clients.lookup(DhcpPacket.v4("127.0.0.1"))).isEqualTo(new ClientDirectory.Seen("dc:a6:32:12:34:56", true));
    }

    @Test
    void requestsRelayedFromOutsideTheSubnetAreIgnored() throws IOException {
        start(DhcpMode.PROXY);
        byte[] raw = DhcpCodecTest.golden("pi4-discover").clone();
        raw[24] = 10; // giaddr 10.0.0.1
        raw[27] = 1;
        send(raw, server.port());
        assertThat(silent()).isTrue();
        await().until(() -> !exchanges.isEmpty());
        assertThat(exchanges.getFirst().detail()).contains("outside 127.0.0.0/8");
    }

    @Test
    void standaloneModeLeasesAddressesFromTheRangeWithTheBootMenu() throws IOException {
        start(DhcpMode.STANDALONE);
        send(DhcpCodecTest.golden("pi4-discover"), server.port());
        DhcpPacket offer = receive();
        assertThat(offer.messageType()).isEqualTo(DhcpPacket.OFFER);
        assertThat(offer.yiaddr().getHostAddress()).isEqualTo("127.0.9.10");
        assertThat(offer.option(DhcpPacket.OPT_VENDOR_SPECIFIC)).isEqualTo(PxeMenu.raspberryPi());
        assertThat(offer.option(DhcpPacket.OPT_LEASE_TIME)).containsExactly(0, 0, 2, 0x58);

        DhcpPacket request = DhcpCodecTest.discover("dc:a6:32:12:34:56").messageType(DhcpPacket.REQUEST)
                .option(DhcpPacket.OPT_SERVER_ID, DhcpPacket.v4("127.0.0.1")).option(DhcpPacket.OPT_REQUESTED_IP, offer.yiaddr())
                .option(DhcpPacket.OPT_VENDOR_CLASS, ClientClassifier.PI_VENDOR_CLASS).build();
        send(request.encode(), server.port());
        DhcpPacket ack = receive();
        assertThat(ack.messageType()).isEqualTo(DhcpPacket.ACK);
        assertThat(ack.yiaddr()).isEqualTo(offer.yiaddr());
        assertThat(ack.option(DhcpPacket.OPT_SUBNET_MASK)).containsExactly(255, 0, 0, 0);

        // a laptop on the boot network gets an address but no boot menu
        send(DhcpCodecTest.discover("00:11:22:33:44:55").build().encode(), server.port());
        DhcpPacket laptop = receive();
        assertThat(laptop.yiaddr().getHostAddress()).isEqualTo("127.0.9.11");
        assertThat(laptop.option(DhcpPacket.OPT_VENDOR_SPECIFIC)).isNull();

        // the Pi's address is not for someone else
        DhcpPacket steal = DhcpCodecTest.discover("00:11:22:33:44:55").messageType(DhcpPacket.REQUEST)
                .option(DhcpPacket.OPT_REQUESTED_IP, offer.yiaddr()).build();
        send(steal.encode(), server.port());
        assertThat(receive().messageType()).isEqualTo(DhcpPacket.NAK);

        // the range (two addresses) is full
        send(DhcpCodecTest.discover("00:11:22:33:44:57").build().encode(), server.port());
        assertThat(silent()).isTrue();
    }

    @Test
    void aServerAddressThisMachineDoesNotHaveIsRefusedWithTheKeyToFix() {
        BootConfig.Dhcp config = new BootConfig.Dhcp(true, DhcpMode.PROXY, "0.0.0.0", "192.0.2.77", "192.0.2.0/24", 0, 0, 40_068,
                null, null, null, null);
        DhcpServer bad = new DhcpServer(config, new DirectoryBootPolicy(root), new BootLog() {}, Clock.systemUTC(), clients);
        org.assertj.core.api.Assertions.assertThatThrownBy(bad::start)
                .hasMessageContaining("192.0.2.77").hasMessageContaining("dhcp.serverAddress");
        bad.close();
    }

    @Test
    void randomAndTruncatedPacketsNeverBreakTheServer() throws IOException {
        start(DhcpMode.PROXY);
        byte[] valid = DhcpCodecTest.golden("pi4-discover");
        Random random = new Random(20261123);
        try (DatagramSocket out = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            out.setBroadcast(true);
            for (int i = 0; i < 5000; i++) {
                byte[] b;
                switch (i % 3) {
                    case 0 -> { b = new byte[random.nextInt(600)]; random.nextBytes(b); }
                    case 1 -> b = java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
                    default -> {
                        b = valid.clone();
                        for (int k = 0; k < 1 + random.nextInt(8); k++) b[236 + random.nextInt(b.length - 236)] = (byte) random.nextInt();
                    }
                }
                server.handle(b, b.length, new InetSocketAddress("0.0.0.0", 68), 67, true, out);
            }
            for (int i = 0; i < 300; i++) {
                byte[] b = new byte[random.nextInt(400)];
                random.nextBytes(b);
                send(b, server.port());
                send(b, server.pxePort());
            }
        }
        while (!silent()) {
            // drain answers to mutated-but-valid packets
        }
        send(valid, server.port());
        assertThat(receive().messageType()).isEqualTo(DhcpPacket.OFFER);
    }
}
