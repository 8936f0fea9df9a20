package io.bramble.boot.tftp;

import static io.bramble.boot.TestSupport.randomBytes;
import static io.bramble.boot.TestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.boot.BootConfig;
import io.bramble.boot.BootLog;
import io.bramble.boot.ClientDirectory;
import io.bramble.boot.DirectoryBootPolicy;
import io.bramble.boot.TransferRecord;

/** Seeded random, truncated and mutated datagrams: the server keeps serving and every session ends. */
class TftpFuzzTest {
    @TempDir Path root;

    @Test
    void randomTruncatedAndMutatedPacketsNeverCrashTheServerOrLeakSessions() throws Exception {
        byte[] content = randomBytes(12, 20_000);
        write(root.resolve("1a2b3c4d/start4.elf"), content);
        AtomicInteger finished = new AtomicInteger();
        BootConfig.Tftp config = new BootConfig.Tftp(true, "127.0.0.1", 0, null, null, null, 8, Duration.ofMillis(100), 2, 1000, 1);
        try (TftpServer server = new TftpServer(config, new DirectoryBootPolicy(root), new BootLog() {
            @Override
            public void transfer(TransferRecord record) {
                finished.incrementAndGet();
            }
        }, Clock.systemUTC(), new ClientDirectory()).start();
             DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.port());
            byte[] rrq = new TftpPacket.Request(false, "1a2b3c4d/start4.elf", "octet",
                    Map.of("blksize", "1468", "tsize", "0", "windowsize", "4", "timeout", "1")).encode();
            Random random = new Random(20261123);
            for (int i = 0; i < 2000; i++) {
                byte[] b = switch (i % 4) {
                    case 0 -> { byte[] r = new byte[random.nextInt(600)]; random.nextBytes(r); yield r; }
                    case 1 -> Arrays.copyOf(rrq, random.nextInt(rrq.length + 1));
                    case 2 -> { byte[] r = rrq.clone(); r[2 + random.nextInt(r.length - 2)] = (byte) random.nextInt(); yield r; }
                    default -> { byte[] r = new byte[4 + random.nextInt(8)]; random.nextBytes(r); r[0] = 0; r[1] = (byte) (1 + random.nextInt(6)); yield r; }
                };
                s.send(new DatagramPacket(b, b.length, target));
            }
            // every session the flood started ends (they time out: nobody acknowledges)
            await().atMost(Duration.ofSeconds(20)).until(() -> server.activeTransfers() == 0);
            // also garbage straight into a running transfer's port
            try (RawTftpClient c = new RawTftpClient(target)) {
                c.timeoutMillis = 3000;
                var first = c.request("1a2b3c4d/start4.elf", "octet", Map.of());
                for (int i = 0; i < 200; i++) {
                    byte[] r = new byte[random.nextInt(40)];
                    random.nextBytes(r);
                    c.socket.send(new DatagramPacket(r, r.length, first.getKey()));
                }
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> server.activeTransfers() == 0);
            try (RawTftpClient c = new RawTftpClient(target)) {
                assertThat(c.get("1a2b3c4d/start4.elf", Map.of("blksize", "1468")).content()).isEqualTo(content);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.activeTransfers() == 0);
            assertThat(finished.get()).isGreaterThan(0);
        }
    }
}
