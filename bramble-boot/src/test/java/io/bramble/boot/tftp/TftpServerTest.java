package io.bramble.boot.tftp;

import static io.bramble.boot.TestSupport.randomBytes;
import static io.bramble.boot.TestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.boot.BootConfig;
import io.bramble.boot.BootDecision;
import io.bramble.boot.BootLog;
import io.bramble.boot.BootPolicy;
import io.bramble.boot.BootRequest;
import io.bramble.boot.ClientDirectory;
import io.bramble.boot.DirectoryBootPolicy;
import io.bramble.boot.TransferRecord;
import io.bramble.boot.TransferRecord.Outcome;

class TftpServerTest {
    @TempDir Path root;
    final List<TransferRecord> records = new CopyOnWriteArrayList<>();
    TftpServer server;

    TftpServer start(BootPolicy policy) {
        BootConfig.Tftp config = new BootConfig.Tftp(true, "127.0.0.1", 0, null, null, null, null, Duration.ofMillis(200), 5, 1000, 16);
        server = new TftpServer(config, policy, new BootLog() {
            @Override
            public void transfer(TransferRecord record) {
                records.add(record);
            }
        }, Clock.systemUTC(), new ClientDirectory()).start();
        return server;
    }

    TftpServer start() {
        return start(new DirectoryBootPolicy(root));
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    TransferRecord lastRecord() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !records.isEmpty() && server.activeTransfers() == 0);
        return records.getLast();
    }

    @Test
    void commonsNetClientDownloadsAFileByteForByte() throws Exception {
        byte[] content = randomBytes(1, 100_000);
        write(root.resolve("kernel8.img"), content);
        start();
        TFTPClient client = new TFTPClient();
        client.open();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            client.receiveFile("kernel8.img", TFTP.BINARY_MODE, out, "127.0.0.1", server.port());
        } finally {
            client.close();
        }
        assertThat(out.toByteArray()).isEqualTo(content);
        TransferRecord r = lastRecord();
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.bytesSent()).isEqualTo(100_000);
        assertThat(r.path()).isEqualTo("kernel8.img");
    }

    @Test
    void fileOfExactMultipleOfBlockSizeEndsWithAnEmptyBlock() throws Exception {
        byte[] content = randomBytes(2, 1024);
        write(root.resolve("two-blocks.bin"), content);
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            RawTftpClient.Result r = c.get("two-blocks.bin", Map.of());
            assertThat(r.content()).isEqualTo(content);
            assertThat(r.dataPackets()).isEqualTo(3);
        }
    }

    @Test
    void serialPrefixedFileIsServedFromTheSerialDirectoryThenFromTheSharedRoot() throws Exception {
        write(root.resolve("1a2b3c4d/config.txt"), "own".getBytes(StandardCharsets.UTF_8));
        write(root.resolve("config.txt"), "shared".getBytes(StandardCharsets.UTF_8));
        write(root.resolve("start4.elf"), "firmware".getBytes(StandardCharsets.UTF_8));
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            assertThat(new String(c.get("1a2b3c4d/config.txt", Map.of()).content(), StandardCharsets.UTF_8)).isEqualTo("own");
        }
        try (RawTftpClient c = new RawTftpClient(address())) {
            assertThat(new String(c.get("1a2b3c4d/start4.elf", Map.of()).content(), StandardCharsets.UTF_8)).isEqualTo("firmware");
        }
        assertThat(lastRecord().serial()).isEqualTo("1a2b3c4d");
    }

    @Test
    void tsizeProbeFollowedByAnErrorIsLoggedAsAProbe() throws Exception {
        write(root.resolve("start4.elf"), randomBytes(3, 5000));
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            var answer = c.request("1a2b3c4d/start4.elf", "octet", Map.of("tsize", "0", "blksize", "1468"));
            assertThat(answer.getValue()).isEqualTo(new TftpPacket.OptionAck(Map.of("blksize", "1468", "tsize", "5000")));
            c.send(answer.getKey(), new TftpPacket.Error(TftpPacket.ERR_OPTIONS, "(Early terminate)"));
        }
        TransferRecord r = lastRecord();
        assertThat(r.outcome()).isEqualTo(Outcome.PROBE);
        assertThat(r.negotiated()).containsEntry("tsize", "5000");
        assertThat(r.bytesSent()).isZero();
        assertThat(server.activeTransfers()).isZero();
    }

    @Test
    void blockNumbersRollOverPastBlock65535InsideWindows() throws Exception {
        int blocks = 70_000;
        byte[] content = randomBytes(4, blocks * 8 + 3);
        write(root.resolve("big.bin"), content);
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            RawTftpClient.Result r = c.get("big.bin", Map.of("blksize", "8", "windowsize", "7"));
            assertThat(r.content()).isEqualTo(content);
            assertThat(r.dataPackets()).isGreaterThan(65_535);
        }
        assertThat(lastRecord().outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void duplicateAcksNeverTriggerDuplicateData() throws Exception {
        byte[] content = randomBytes(5, 512 * 200 + 7);
        write(root.resolve("dup.bin"), content);
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            c.duplicateAcks = true;
            RawTftpClient.Result r = c.get("dup.bin", Map.of());
            assertThat(r.content()).isEqualTo(content);
            assertThat(r.duplicateData()).as("DATA packets sent twice").isZero();
            assertThat(r.dataPackets()).isEqualTo(201);
        }
    }

    @Test
    void lostDataPacketsAreRetransmittedAfterTheTimeout() throws Exception {
        byte[] content = randomBytes(6, 1468 * 40 + 100);
        write(root.resolve("lossy.bin"), content);
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            c.timeoutMillis = 2000;
            c.drop = n -> n % 7 == 3; // every 7th packet never arrives
            RawTftpClient.Result r = c.get("lossy.bin", Map.of("blksize", "1468"));
            assertThat(r.content()).isEqualTo(content);
        }
        assertThat(lastRecord().outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void lostPacketsInAWindowAreSentAgain() throws Exception {
        byte[] content = randomBytes(7, 1468 * 100 + 5);
        write(root.resolve("window.bin"), content);
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            c.timeoutMillis = 2000;
            c.drop = n -> n % 23 == 5;
            RawTftpClient.Result r = c.get("window.bin", Map.of("blksize", "1468", "windowsize", "16"));
            assertThat(r.oack()).containsEntry("windowsize", "16");
            assertThat(r.content()).isEqualTo(content);
        }
        assertThat(lastRecord().outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void clientThatStopsAnsweringTimesOutAfterBoundedRetries() throws Exception {
        write(root.resolve("gone.bin"), randomBytes(8, 5000));
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            var first = c.request("gone.bin", "octet", Map.of());
            assertThat(first.getValue()).isInstanceOf(TftpPacket.Data.class);
            long retransmissions = 0;
            try {
                while (true) {
                    if (c.receive().getValue() instanceof TftpPacket.Data) retransmissions++;
                }
            } catch (java.net.SocketTimeoutException expected) {
                // the server gave up
            }
            assertThat(retransmissions).isEqualTo(5);
        }
        TransferRecord r = lastRecord();
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(server.activeTransfers()).isZero();
    }

    @Test
    void twoHundredConcurrentTransfersAllComplete() throws Exception {
        byte[] content = randomBytes(9, 64 * 1024 + 11);
        write(root.resolve("shared.bin"), content);
        start();
        List<Future<byte[]>> results = new ArrayList<>();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    try (RawTftpClient c = new RawTftpClient(address())) {
                        c.timeoutMillis = 3000;
                        return c.get(String.format("%08x/shared.bin", 0x10000000 + n), Map.of("blksize", "1468")).content();
                    }
                }));
            }
            for (Future<byte[]> f : results) assertThat(f.get()).isEqualTo(content);
        }
        System.out.println("200 transfers in " + (System.nanoTime() - t0) / 1_000_000 + " ms, datagrams on the server port: " + server.datagramsReceived());
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 200 && server.activeTransfers() == 0);
        assertThat(records).allMatch(r -> r.outcome() == Outcome.COMPLETED);
    }

    @Test
    void traversalAbsolutePathsAndControlCharactersAreRefused() throws Exception {
        Path outside = Files.writeString(root.getParent().resolve("secret-" + System.nanoTime()), "secret");
        Files.createSymbolicLink(root.resolve("link"), outside);
        start();
        for (String bad : List.of("../" + outside.getFileName(), "a/../../etc/passwd", "/etc/passwd", "..", "boot\u0001.bin", "C:/x", "a\\..\\b")) {
            try (RawTftpClient c = new RawTftpClient(address())) {
                TftpPacket answer = c.request(bad, "octet", Map.of()).getValue();
                assertThat(answer).as(bad).isInstanceOf(TftpPacket.Error.class);
                assertThat(((TftpPacket.Error) answer).code()).as(bad).isEqualTo(TftpPacket.ERR_ACCESS);
            }
        }
        try (RawTftpClient c = new RawTftpClient(address())) {
            TftpPacket answer = c.request("link", "octet", Map.of()).getValue();
            assertThat(answer).isEqualTo(new TftpPacket.Error(TftpPacket.ERR_NOT_FOUND, "File not found"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 8);
        // records arrive in the order transfers end, not the order of the requests
        assertThat(records).filteredOn(r -> !r.path().equals("link")).hasSize(7).allMatch(r -> r.outcome() == Outcome.REFUSED);
        assertThat(records).filteredOn(r -> r.path().equals("link")).singleElement().matches(r -> r.outcome() == Outcome.NOT_FOUND);
        Files.delete(outside);
    }

    @Test
    void writeRequestsAreRefusedWithAnError() throws Exception {
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            c.send(address(), new TftpPacket.Request(true, "upload.bin", "octet", Map.of()));
            TftpPacket answer = c.receive().getValue();
            assertThat(answer).isInstanceOf(TftpPacket.Error.class);
            assertThat(((TftpPacket.Error) answer).code()).isEqualTo(TftpPacket.ERR_ACCESS);
        }
        assertThat(Files.list(root)).isEmpty();
        assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void piClientsGetAtMost1468ByteBlocksOthersUpTo65464() throws Exception {
        write(root.resolve("f.bin"), randomBytes(10, 200_000));
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            assertThat(c.get("0123abcd/f.bin", Map.of("blksize", "65464")).oack()).containsEntry("blksize", "1468");
        }
        try (RawTftpClient c = new RawTftpClient(address())) {
            RawTftpClient.Result r = c.get("f.bin", Map.of("blksize", "65464", "tsize", "0", "timeout", "3"));
            assertThat(r.oack()).containsEntry("blksize", "65464").containsEntry("tsize", "200000").containsEntry("timeout", "3");
            assertThat(r.content()).hasSize(200_000);
        }
    }

    @Test
    void generatedContentIsCachedBySerialPathAndVersionNeverByNameAlone() throws Exception {
        AtomicInteger version = new AtomicInteger(1);
        AtomicInteger generated = new AtomicInteger();
        start(request -> new BootDecision.ServeBytes("v" + version.get(), () -> {
            generated.incrementAndGet();
            return ("serial=" + request.serial() + " v" + version.get()).getBytes(StandardCharsets.UTF_8);
        }));
        for (int i = 0; i < 3; i++) {
            try (RawTftpClient c = new RawTftpClient(address())) {
                assertThat(new String(c.get("0000000a/config.txt", Map.of("tsize", "0")).content(), StandardCharsets.UTF_8)).isEqualTo("serial=0000000a v1");
            }
        }
        assertThat(generated.get()).isEqualTo(1);
        try (RawTftpClient c = new RawTftpClient(address())) {
            assertThat(new String(c.get("0000000b/config.txt", Map.of()).content(), StandardCharsets.UTF_8)).isEqualTo("serial=0000000b v1");
        }
        version.set(2);
        try (RawTftpClient c = new RawTftpClient(address())) {
            assertThat(new String(c.get("0000000a/config.txt", Map.of()).content(), StandardCharsets.UTF_8)).isEqualTo("serial=0000000a v2");
        }
        assertThat(generated.get()).isEqualTo(3);
    }

    @Test
    void declinedRequestsGetFileNotFoundAndTheReasonIsLogged() throws Exception {
        start(request -> BootDecision.decline("node is deployed: boots from its own disk"));
        try (RawTftpClient c = new RawTftpClient(address())) {
            TftpPacket answer = c.request("1a2b3c4d/start4.elf", "octet", Map.of("tsize", "0")).getValue();
            assertThat(answer).isEqualTo(new TftpPacket.Error(TftpPacket.ERR_NOT_FOUND, "File not found"));
        }
        TransferRecord r = lastRecord();
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(r.detail()).contains("deployed");
        assertThat(r.options()).containsEntry("tsize", "0");
    }

    @Test
    void policyFailureAnswersAnErrorAndKeepsServing() throws Exception {
        write(root.resolve("ok.bin"), "ok".getBytes(StandardCharsets.UTF_8));
        DirectoryBootPolicy directory = new DirectoryBootPolicy(root);
        start(request -> {
            if (request.path().equals("boom")) throw new IllegalStateException("database away");
            return directory.decide(request);
        });
        try (RawTftpClient c = new RawTftpClient(address())) {
            assertThat(c.request("boom", "octet", Map.of()).getValue()).isInstanceOf(TftpPacket.Error.class);
        }
        try (RawTftpClient c = new RawTftpClient(address())) {
            assertThat(c.get("ok.bin", Map.of()).content()).isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void netasciiModeConvertsLineEndings() throws Exception {
        write(root.resolve("cmdline.txt"), "a\nb\rc".getBytes(StandardCharsets.US_ASCII));
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            var answer = c.request("cmdline.txt", "netascii", Map.of()).getValue();
            assertThat(((TftpPacket.Data) answer).data()).isEqualTo(new byte[] {'a', '\r', '\n', 'b', '\r', 0, 'c'});
        }
    }

    @Test
    void theRequestReachesThePolicyWithSerialPathAndPiFlag() throws Exception {
        List<BootRequest> seen = new CopyOnWriteArrayList<>();
        start(request -> {
            seen.add(request);
            return BootDecision.decline("test");
        });
        try (RawTftpClient c = new RawTftpClient(address())) {
            c.request("1A2B3C4D//overlays/./vc4.dtbo", "octet", Map.of());
        }
        try (RawTftpClient c = new RawTftpClient(address())) {
            c.request("bootcode.bin", "octet", Map.of());
        }
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).serial()).isEqualTo("1a2b3c4d");
        assertThat(seen.get(0).path()).isEqualTo("overlays/vc4.dtbo");
        assertThat(seen.get(0).pi()).isTrue();
        assertThat(seen.get(1).serial()).isNull();
        assertThat(seen.get(1).path()).isEqualTo("bootcode.bin");
        assertThat(seen.get(1).pi()).isFalse();
    }

    @Test
    void closingTheServerEndsTransfersInProgress() throws Exception {
        write(root.resolve("slow.bin"), randomBytes(11, 100_000));
        start();
        try (RawTftpClient c = new RawTftpClient(address())) {
            c.request("slow.bin", "octet", Map.of());
            await().until(() -> server.activeTransfers() == 1);
            server.close();
            await().atMost(Duration.ofSeconds(3)).until(() -> server.activeTransfers() == 0);
        }
        assertThat(lastRecord().outcome()).isEqualTo(Outcome.FAILED);
    }

    static DatagramPacket packet(byte[] b, InetSocketAddress to) {
        return new DatagramPacket(b, b.length, to);
    }
}
