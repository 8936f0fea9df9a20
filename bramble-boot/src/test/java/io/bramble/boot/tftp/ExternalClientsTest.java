package io.bramble.boot.tftp;

import static io.bramble.boot.TestSupport.randomBytes;
import static io.bramble.boot.TestSupport.requireBinary;
import static io.bramble.boot.TestSupport.run;
import static io.bramble.boot.TestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.boot.BootConfig;
import io.bramble.boot.BootLog;
import io.bramble.boot.ClientDirectory;
import io.bramble.boot.DirectoryBootPolicy;
import io.bramble.boot.TestSupport.Run;
import io.bramble.boot.TransferRecord;
import io.bramble.boot.TransferRecord.Outcome;

/** The server against the TFTP clients people actually use: curl, tftp-hpa, atftp. */
class ExternalClientsTest {
    @TempDir Path root;
    @TempDir Path work;
    final List<TransferRecord> records = new CopyOnWriteArrayList<>();
    TftpServer server;
    byte[] firmware;

    @BeforeEach
    void start() throws Exception {
        firmware = randomBytes(42, 300_000);
        write(root.resolve("start4.elf"), firmware);
        BootConfig.Tftp config = new BootConfig.Tftp(true, "127.0.0.1", 0, null, null, null, null, Duration.ofMillis(300), 5, 1000, 16);
        server = new TftpServer(config, new DirectoryBootPolicy(root), new BootLog() {
            @Override
            public void transfer(TransferRecord record) {
                records.add(record);
            }
        }, Clock.systemUTC(), new ClientDirectory()).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String url(String path) {
        return "tftp://127.0.0.1:" + server.port() + "/" + path;
    }

    TransferRecord last() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !records.isEmpty() && server.activeTransfers() == 0);
        return records.getLast();
    }

    @Test
    void curlDownloadsWithBlksize1468AndTsize() throws Exception {
        requireBinary("curl", "curl");
        Run r = run(work, 30, "curl", "-sS", "--tftp-blksize", "1468", "-o", "out.bin", url("1a2b3c4d/start4.elf"));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Files.readAllBytes(work.resolve("out.bin"))).isEqualTo(firmware);
        TransferRecord rec = last();
        assertThat(rec.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(rec.negotiated()).containsEntry("blksize", "1468").containsKey("tsize");
    }

    @Test
    void curlFollowsBlockNumberRolloverPast65535Blocks() throws Exception {
        requireBinary("curl", "curl");
        byte[] big = randomBytes(43, 66_000 * 8 + 5);
        write(root.resolve("big.bin"), big);
        Run r = run(work, 60, "curl", "-sS", "--tftp-blksize", "8", "-o", "big.bin", url("big.bin"));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Files.readAllBytes(work.resolve("big.bin"))).isEqualTo(big);
        assertThat(last().outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void curlGetsFileNotFoundForAMissingFile() throws Exception {
        requireBinary("curl", "curl");
        Run r = run(work, 30, "curl", "-sS", "-o", "none.bin", url("1a2b3c4d/missing.elf"));
        assertThat(r.exit()).as("curl exit code 68 is CURLE_TFTP_NOTFOUND: " + r.output()).isEqualTo(68);
        assertThat(last().outcome()).isEqualTo(Outcome.NOT_FOUND);
    }

    @Test
    void tftpHpaDownloadsInBinaryMode() throws Exception {
        requireBinary("tftp", "tftp-hpa");
        Run r = run(work, 30, "tftp", "-m", "binary", "127.0.0.1", Integer.toString(server.port()), "-c", "get", "start4.elf", "hpa.bin");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Files.readAllBytes(work.resolve("hpa.bin"))).isEqualTo(firmware);
        assertThat(last().outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void tftpHpaIsRefusedATraversal() throws Exception {
        requireBinary("tftp", "tftp-hpa");
        Run r = run(work, 30, "tftp", "-m", "binary", "127.0.0.1", Integer.toString(server.port()), "-c", "get", "../../etc/passwd", "p.bin");
        assertThat(r.output()).containsIgnoringCase("access violation");
        assertThat(Files.exists(work.resolve("p.bin")) ? Files.size(work.resolve("p.bin")) : 0L).isZero();
        assertThat(last().outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void atftpDownloadsWithBlksizeTsizeAndWindowsize() throws Exception {
        requireBinary("atftp", "atftp");
        Run r = run(work, 30, "atftp", "--option", "blksize 1468", "--option", "tsize 0", "--option", "windowsize 8",
                "-g", "-r", "1a2b3c4d/start4.elf", "-l", "atftp.bin", "127.0.0.1", Integer.toString(server.port()));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Files.readAllBytes(work.resolve("atftp.bin"))).isEqualTo(firmware);
        TransferRecord rec = last();
        assertThat(rec.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(rec.negotiated()).containsEntry("blksize", "1468").containsEntry("tsize", "300000");
    }
}
