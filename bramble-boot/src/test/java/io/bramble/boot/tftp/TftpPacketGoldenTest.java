package io.bramble.boot.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.boot.BootConfig;
import io.bramble.boot.BootLog;
import io.bramble.boot.ClientDirectory;
import io.bramble.boot.DirectoryBootPolicy;

class TftpPacketGoldenTest {
    /** RRQ "1a2b3c4d/start4.elf" octet, tsize 0, blksize 1468 — what a Pi 4 sends first. */
    static final String PI_RRQ = "0001" + hex("1a2b3c4d/start4.elf") + "00" + hex("octet") + "00"
            + hex("tsize") + "00" + hex("0") + "00" + hex("blksize") + "00" + hex("1468") + "00";

    static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readRequestWithTsizeAndBlksizeDecodesAndEncodesByteForByte() {
        byte[] raw = HexFormat.of().parseHex(PI_RRQ);
        assertThat(PI_RRQ).startsWith("000131613262336334642f7374617274342e656c66006f6374657400");
        TftpPacket p = TftpPacket.decode(raw, 0, raw.length);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("tsize", "0");
        options.put("blksize", "1468");
        assertThat(p).isEqualTo(new TftpPacket.Request(false, "1a2b3c4d/start4.elf", "octet", options));
        assertThat(p.encode()).isEqualTo(raw);
    }

    @Test
    void optionNamesAndModeAreCaseInsensitive() {
        byte[] raw = new TftpPacket.Request(false, "x", "OCTET", Map.of("BLKSIZE", "1024")).encode();
        TftpPacket.Request r = (TftpPacket.Request) TftpPacket.decode(raw, 0, raw.length);
        assertThat(r.mode()).isEqualTo("octet");
        assertThat(r.options()).containsEntry("blksize", "1024");
    }

    @Test
    void serverAnswersThePiRequestWithTheExactOack(@TempDir Path root) throws Exception {
        Files.write(root.resolve("start4.elf"), new byte[2_228_800]);
        BootConfig.Tftp config = new BootConfig.Tftp(true, "127.0.0.1", 0, null, null, null, null, Duration.ofSeconds(1), 5, 10, 1);
        try (TftpServer server = new TftpServer(config, new DirectoryBootPolicy(root), new BootLog() {}, Clock.systemUTC(), new ClientDirectory()).start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            byte[] rrq = HexFormat.of().parseHex(PI_RRQ);
            client.send(new DatagramPacket(rrq, rrq.length, new InetSocketAddress("127.0.0.1", server.port())));
            byte[] buf = new byte[1500];
            DatagramPacket answer = new DatagramPacket(buf, buf.length);
            client.setSoTimeout(2000);
            client.receive(answer);
            String oack = HexFormat.of().formatHex(Arrays.copyOf(buf, answer.getLength()));
            assertThat(oack).isEqualTo("0006" + hex("blksize") + "00" + hex("1468") + "00" + hex("tsize") + "00" + hex("2228800") + "00");
            byte[] error = new TftpPacket.Error(0, "").encode();
            client.send(new DatagramPacket(error, error.length, answer.getSocketAddress()));
        }
    }

    @Test
    void dataAckAndErrorHaveTheirRfc1350Layout() {
        assertThat(HexFormat.of().formatHex(new TftpPacket.Ack(65535).encode())).isEqualTo("0004ffff");
        assertThat(HexFormat.of().formatHex(new TftpPacket.Data(1, new byte[] {7}).encode())).isEqualTo("0003000107");
        assertThat(HexFormat.of().formatHex(new TftpPacket.Error(1, "File not found").encode()))
                .isEqualTo("00050001" + hex("File not found") + "00");
    }

    @Test
    void truncatedRequestsAreRefusedWithAReason() {
        byte[] raw = HexFormat.of().parseHex(PI_RRQ);
        assertThatThrownBy(() -> TftpPacket.decode(raw, 0, raw.length - 1)).hasMessageContaining("not terminated");
        assertThatThrownBy(() -> TftpPacket.decode(raw, 0, 3)).hasMessageContaining("shorter");
        assertThatThrownBy(() -> TftpPacket.decode(new byte[] {0, 9, 0, 0}, 0, 4)).hasMessageContaining("opcode 9");
    }

    @Test
    void blockNumbersAreUnwrappedRelativeToTheWindow() {
        assertThat(TftpTransfer.unwrap(0, 65535)).isEqualTo(65536);
        assertThat(TftpTransfer.unwrap(3, 65535)).isEqualTo(65539);
        assertThat(TftpTransfer.unwrap(65535, 65535)).isEqualTo(65535);
        assertThat(TftpTransfer.unwrap(65534, 65535)).as("an old ACK maps far ahead and is ignored").isEqualTo(65535 + 65535);
    }
}
