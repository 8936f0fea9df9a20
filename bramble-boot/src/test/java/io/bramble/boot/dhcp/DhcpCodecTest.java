package io.bramble.boot.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.bramble.boot.BootConfig;
import io.bramble.boot.BootLog;
import io.bramble.boot.BootPolicy;
import io.bramble.boot.BootDecision;
import io.bramble.boot.ClientDirectory;
import io.bramble.boot.DhcpClient;

class DhcpCodecTest {
    static byte[] golden(String name) throws IOException {
        try (InputStream in = DhcpCodecTest.class.getResourceAsStream("/dhcp/" + name + ".hex")) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("\\s", ""));
        }
    }

    @Test
    void optionFortyThreeIsExactlyWhatDnsmasqSendsForRaspberryPiBoot() throws IOException {
        assertThat(PxeMenu.raspberryPi()).isEqualTo(golden("option43"));
        assertThat(HexFormat.of().formatHex(PxeMenu.raspberryPi()))
                .isEqualTo("0601030a0400505845091700001452617370626572727920506920426f6f74202020ff");
        Map<Integer, byte[]> subs = PxeMenu.parse(PxeMenu.raspberryPi());
        assertThat(new String(subs.get(PxeMenu.SUB_BOOT_MENU), 3, 20, StandardCharsets.US_ASCII)).isEqualTo("Raspberry Pi Boot   ");
    }

    @Test
    void piThreeDiscoverIsParsedAndRecognisedAsAPi() throws IOException {
        byte[] raw = golden("pi3-discover");
        DhcpPacket p = DhcpPacket.decode(raw, raw.length);
        assertThat(p.messageType()).isEqualTo(DhcpPacket.DISCOVER);
        assertThat(p.mac()).isEqualTo("b8:27:eb:11:22:33");
        assertThat(p.xid()).isEqualTo(0x26f30339);
        assertThat(p.optionText(DhcpPacket.OPT_VENDOR_CLASS)).isEqualTo("PXEClient:Arch:00000:UNDI:002001");
        assertThat(p.option(DhcpPacket.OPT_CLIENT_ARCH)).containsExactly(0, 0);
        assertThat(p.option(DhcpPacket.OPT_CLIENT_NDI)).containsExactly(1, 2, 1);
        DhcpClient c = ClientClassifier.classify(p);
        assertThat(c.kind()).isEqualTo(DhcpClient.Kind.RASPBERRY_PI);
        assertThat(c.arch()).isZero();
        assertThat(c.uuid()).isEqualTo("00" + "44".repeat(16));
        assertThat(p.encode()).as("re-encoding gives the same bytes").isEqualTo(raw);
    }

    @Test
    void piFourDiscoverIsParsedAndRecognisedByItsGuid() throws IOException {
        byte[] raw = golden("pi4-discover");
        DhcpPacket p = DhcpPacket.decode(raw, raw.length);
        assertThat(p.mac()).isEqualTo("dc:a6:32:12:34:56");
        assertThat(p.option(DhcpPacket.OPT_MAX_SIZE)).containsExactly(0x05, 0xdc);
        assertThat(DhcpPacket.hex(p.option(DhcpPacket.OPT_CLIENT_UUID))).startsWith("0052506934");
        assertThat(ClientClassifier.classify(p).kind()).isEqualTo(DhcpClient.Kind.RASPBERRY_PI);
        assertThat(p.encode()).isEqualTo(raw);
    }

    @Test
    void proxyOfferForAPiFourMatchesTheGoldenBytes() throws IOException {
        byte[] raw = golden("pi4-discover");
        BootConfig.Dhcp config = new BootConfig.Dhcp(true, BootConfig.DhcpMode.PROXY, "127.0.0.1", "192.168.1.10", "192.168.1.0/24",
                0, 0, 40_068, null, null, null, null);
        BootPolicy policy = request -> BootDecision.decline("unused");
        DhcpServer server = new DhcpServer(config, policy, new BootLog() {}, Clock.systemUTC(), new ClientDirectory());
        try (DatagramSocket out = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            out.setBroadcast(true);
            DhcpPacket offer = server.handle(raw, raw.length, new InetSocketAddress("0.0.0.0", 68), 67, true, out);
            assertThat(offer).isNotNull();
            assertThat(HexFormat.of().formatHex(offer.encode())).isEqualTo(HexFormat.of().formatHex(golden("pi4-proxy-offer")));
        }
    }

    @Test
    void clientsAreToldApart() {
        DhcpPacket.Builder pxeX86 = discover("00:11:22:33:44:55").option(DhcpPacket.OPT_VENDOR_CLASS, "PXEClient:Arch:00007:UNDI:003016");
        assertThat(ClientClassifier.classify(pxeX86.build()).kind()).isEqualTo(DhcpClient.Kind.PXE);
        DhcpPacket.Builder biosWithPiClass = discover("00:11:22:33:44:55").option(DhcpPacket.OPT_VENDOR_CLASS, ClientClassifier.PI_VENDOR_CLASS);
        assertThat(ClientClassifier.classify(biosWithPiClass.build()).kind()).as("x86 BIOS PXE uses the same vendor class").isEqualTo(DhcpClient.Kind.PXE);
        DhcpPacket.Builder pi5 = discover("2c:cf:67:00:00:01").option(DhcpPacket.OPT_VENDOR_CLASS, ClientClassifier.PI_VENDOR_CLASS);
        assertThat(ClientClassifier.classify(pi5.build()).kind()).isEqualTo(DhcpClient.Kind.RASPBERRY_PI);
        DhcpPacket.Builder ipxe = discover("2c:cf:67:00:00:01").option(DhcpPacket.OPT_VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001")
                .option(DhcpPacket.OPT_USER_CLASS, "iPXE");
        assertThat(ClientClassifier.classify(ipxe.build()).kind()).isEqualTo(DhcpClient.Kind.IPXE);
        assertThat(ClientClassifier.classify(discover("00:11:22:33:44:55").build()).kind()).isEqualTo(DhcpClient.Kind.OTHER);
    }

    @Test
    void longOptionsAreSplitAndJoinedAgain() {
        byte[] big = new byte[600];
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        byte[] wire = discover("00:11:22:33:44:55").option(DhcpPacket.OPT_BOOTFILE, big).build().encode();
        assertThat(DhcpPacket.decode(wire, wire.length).option(DhcpPacket.OPT_BOOTFILE)).isEqualTo(big);
    }

    @Test
    void malformedPacketsAreRefusedWithAReason() throws IOException {
        byte[] raw = golden("pi4-discover");
        assertThatThrownBy(() -> DhcpPacket.decode(raw, 100)).hasMessageContaining("shorter");
        byte[] noCookie = raw.clone();
        noCookie[236] = 0;
        assertThatThrownBy(() -> DhcpPacket.decode(noCookie, noCookie.length)).hasMessageContaining("cookie");
        assertThatThrownBy(() -> DhcpPacket.decode(raw, 250)).hasMessageContaining("runs past");
    }

    static DhcpPacket.Builder discover(String mac) {
        return new DhcpPacket.Builder().op(DhcpPacket.BOOTREQUEST).hardware(1, HexFormat.ofDelimiter(":").parseHex(mac))
                .xid(0x1234).messageType(DhcpPacket.DISCOVER);
    }

}
