package io.bramble.boot.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import io.bramble.boot.BootConfig;
import io.bramble.boot.BootLog;
import io.bramble.boot.BootServices;
import io.bramble.boot.DirectoryBootPolicy;
import io.bramble.boot.PiReplay;
import io.bramble.boot.dhcp.DhcpPacket;
import io.bramble.boot.tftp.TftpPacket;
import io.bramble.core.config.ConfigLoader;

/**
 * TFTP benchmark driver: Bramble's server (in its own JVM) against tftpd-hpa on the same machine, same client, same
 * files. {@code server} runs Bramble; {@code run} runs every scenario and prints a table of medians.
 */
public final class TftpBench {
    static final int MB = 1024 * 1024;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        switch (args.length == 0 ? "" : args[0]) {
            case "server" -> server(Path.of(a.get("root")), Integer.parseInt(a.get("port")), Integer.parseInt(a.getOrDefault("dhcp-port", "0")),
                    Integer.parseInt(a.getOrDefault("client-port", "0")));
            case "run" -> run(a);
            default -> {
                System.err.println("usage: TftpBench server --root DIR --port P [--dhcp-port D --client-port C] | run --root DIR --bramble-port P --hpa-port H --dhcp-port D --client-port C");
                System.exit(2);
            }
        }
    }

    /** Bramble's boot services, as the center would run them, until the process is terminated. */
    static void server(Path root, int port, int dhcpPort, int clientPort) throws Exception {
        String yaml = """
                tftp:
                  listen: 127.0.0.1
                  port: %d
                  maxTransfers: 2000
                dhcp:
                  enabled: %s
                  listen: 127.0.0.1
                  serverAddress: 127.0.0.1
                  subnet: 127.0.0.0/8
                  port: %d
                  pxePort: 0
                  clientPort: %d
                """.formatted(port, dhcpPort > 0, dhcpPort, clientPort > 0 ? clientPort : 68);
        BootConfig config = ConfigLoader.parse("bench.yaml", yaml, BootConfig.class);
        try (BootServices services = new BootServices(config, new DirectoryBootPolicy(root), Clock.systemUTC(), new BootLog() {}).start()) {
            System.out.println("READY tftp=" + services.tftpPort() + " dhcp=" + services.dhcpPort());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** One download as fast as the protocol allows; returns the CRC32 of what arrived. */
    static long download(InetSocketAddress server, String file, int blksize, int window, long[] bytesOut) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setReceiveBufferSize(2 * MB);
            s.setSoTimeout(1000);
            Map<String, String> options = new LinkedHashMap<>();
            options.put("blksize", Integer.toString(blksize));
            options.put("tsize", "0");
            if (window > 1) options.put("windowsize", Integer.toString(window));
            byte[] rrq = new TftpPacket.Request(false, file, "octet", options).encode();
            s.send(new DatagramPacket(rrq, rrq.length, server));
            byte[] buf = new byte[70_000];
            byte[] ack = {0, 4, 0, 0};
            InetSocketAddress tid = null;
            int size = 512, win = 1, inWindow = 0, timeouts = 0;
            long expected = 1, bytes = 0;
            CRC32 crc = new CRC32();
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                } catch (SocketTimeoutException e) {
                    if (++timeouts > 10) throw new IOException(file + " from " + server + ": no data after " + timeouts + " timeouts");
                    if (tid == null) {
                        s.send(new DatagramPacket(rrq, rrq.length, server)); // the request itself was lost
                        continue;
                    }
                    ack[2] = (byte) ((expected - 1) >> 8);
                    ack[3] = (byte) (expected - 1);
                    s.send(new DatagramPacket(ack, 4, tid));
                    inWindow = 0;
                    continue;
                }
                if (tid == null) tid = (InetSocketAddress) p.getSocketAddress();
                int op = buf[1];
                if (op == TftpPacket.OACK) {
                    TftpPacket.OptionAck o = (TftpPacket.OptionAck) TftpPacket.decode(buf, 0, p.getLength());
                    size = Integer.parseInt(o.options().getOrDefault("blksize", "512"));
                    win = Integer.parseInt(o.options().getOrDefault("windowsize", "1"));
                    ack[2] = 0;
                    ack[3] = 0;
                    s.send(new DatagramPacket(ack, 4, tid));
                } else if (op == TftpPacket.ERROR) {
                    throw new IOException(file + ": " + TftpPacket.decode(buf, 0, p.getLength()));
                } else if (op == TftpPacket.DATA) {
                    int block = ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
                    if (block != (int) (expected & 0xffff)) continue;
                    timeouts = 0;
                    int len = p.getLength() - 4;
                    crc.update(buf, 4, len);
                    bytes += len;
                    expected++;
                    boolean last = len < size;
                    if (last || ++inWindow == win) {
                        ack[2] = (byte) ((expected - 1) >> 8);
                        ack[3] = (byte) (expected - 1);
                        s.send(new DatagramPacket(ack, 4, tid));
                        inWindow = 0;
                    }
                    if (last) {
                        bytesOut[0] = bytes;
                        return crc.getValue();
                    }
                }
            }
        }
    }

    /** Wall-clock seconds for {@code clients} concurrent downloads, checking every byte arrived intact. */
    static double concurrent(InetSocketAddress server, String file, long expectedCrc, long expectedBytes, int clients, int blksize, int window)
            throws Exception {
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
            List<Future<long[]>> fs = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                fs.add(pool.submit(() -> {
                    long[] bytes = new long[1];
                    long crc = download(server, file, blksize, window, bytes);
                    return new long[] {crc, bytes[0]};
                }));
            }
            for (Future<long[]> f : fs) {
                long[] r = f.get(600, TimeUnit.SECONDS);
                if (r[0] != expectedCrc || r[1] != expectedBytes) throw new IOException(file + " arrived damaged: " + r[1] + " bytes");
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static long crcOf(Path f) throws IOException {
        CRC32 c = new CRC32();
        c.update(Files.readAllBytes(f));
        return c.getValue();
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static void run(Map<String, String> a) throws Exception {
        Path root = Path.of(a.get("root"));
        InetSocketAddress bramble = new InetSocketAddress("127.0.0.1", Integer.parseInt(a.get("bramble-port")));
        InetSocketAddress hpa = new InetSocketAddress("127.0.0.1", Integer.parseInt(a.get("hpa-port")));
        int repeats = Integer.parseInt(a.getOrDefault("repeats", "5"));
        int herd = Integer.parseInt(a.getOrDefault("herd", "50"));
        long big = crcOf(root.resolve("big32.bin"));
        long mid = crcOf(root.resolve("mid8.bin"));
        List<String[]> rows = new ArrayList<>();
        // warm both servers (and our JIT) before measuring anything
        for (int i = 0; i < 2; i++) {
            concurrent(bramble, "mid8.bin", mid, 8L * MB, 4, 1468, 16);
            concurrent(hpa, "mid8.bin", mid, 8L * MB, 4, 1468, 1);
        }
        record Scenario(String name, String file, long crc, long size, int clients, int window) {}
        List<Scenario> scenarios = List.of(
                new Scenario("1 × 32 MB, blksize 1468", "big32.bin", big, 32L * MB, 1, 1),
                new Scenario("1 × 32 MB, blksize 1468, windowsize 16", "big32.bin", big, 32L * MB, 1, 16),
                new Scenario("50 × 8 MB concurrent, blksize 1468", "mid8.bin", mid, 8L * MB, 50, 1),
                new Scenario("50 × 8 MB concurrent, blksize 1468, windowsize 16", "mid8.bin", mid, 8L * MB, 50, 16));
        String only = a.getOrDefault("only", "");
        for (Scenario sc : scenarios) {
            if (!only.isEmpty() && !only.contains(Integer.toString(scenarios.indexOf(sc) + 1))) continue;
            List<Double> tb = new ArrayList<>(), th = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                // alternate so drift on a shared machine hits both servers alike
                tb.add(concurrent(bramble, sc.file(), sc.crc(), sc.size(), sc.clients(), 1468, sc.window()));
                th.add(concurrent(hpa, sc.file(), sc.crc(), sc.size(), sc.clients(), 1468, sc.window()));
            }
            double mb = (double) sc.size() * sc.clients() / MB;
            double b = median(tb), h = median(th);
            rows.add(new String[] {sc.name(), fmt(b) + " s", fmt(mb / b) + " MB/s", fmt(h) + " s", fmt(mb / h) + " MB/s", fmt(h / b) + "×"});
            System.err.println("done: " + sc.name() + " bramble=" + tb + " hpa=" + th);
        }

        // a herd of Pis: DHCP discover (Bramble only: tftpd-hpa has no DHCP) then the Pi 4 TFTP sequence with probes
        int dhcpPort = Integer.parseInt(a.getOrDefault("dhcp-port", "0"));
        int clientPort = Integer.parseInt(a.getOrDefault("client-port", "0"));
        String[] herdRow = only.isEmpty() || only.contains("h") ? herd(bramble, hpa, root, herd, dhcpPort, clientPort) : new String[] {"herd", "-", "-", "-", "-", "-"};

        System.out.println();
        System.out.println("| scenario | Bramble time | Bramble throughput | tftpd-hpa time | tftpd-hpa throughput | Bramble ÷ tftpd-hpa |");
        System.out.println("|---|---|---|---|---|---|");
        for (String[] r : rows) System.out.println("| " + String.join(" | ", r) + " |");
        System.out.println("| " + String.join(" | ", herdRow) + " |");
        System.out.println();
        System.out.println("Medians of " + repeats + " runs (herd: one run per server). tftpd-hpa does not implement windowsize: with windowsize 16 it "
                + "falls back to one block per ACK, which is the comparison the target asks for.");
    }

    static String[] herd(InetSocketAddress bramble, InetSocketAddress hpa, Path root, int pis, int dhcpPort, int clientPort) throws Exception {
        List<Double> bTimes = new ArrayList<>(), hTimes = new ArrayList<>();
        int bOk = 0, hOk = 0;
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
            List<Future<Double>> fs = new ArrayList<>();
            for (int i = 0; i < pis; i++) {
                int n = i;
                fs.add(pool.submit(() -> {
                    long s = System.nanoTime();
                    String serial = String.format("%08x", 0xb0000000L + n);
                    DhcpPacket offer = null;
                    if (dhcpPort > 0) {
                        try (DatagramSocket sock = new DatagramSocket(null)) {
                            sock.setReuseAddress(true);
                            sock.setBroadcast(true);
                            sock.bind(new InetSocketAddress("0.0.0.0", clientPort));
                            offer = PiReplay.discover(sock, new InetSocketAddress("127.0.0.1", dhcpPort), String.format("dc:a6:32:00:%02x:%02x", n >> 8, n & 0xff),
                                    serial, false, 0x5000 + n);
                            if (!PiReplay.hasPiMenu(offer)) throw new IOException("offer without the Raspberry Pi menu");
                        }
                    }
                    PiReplay.Boot boot = PiReplay.tftp(bramble, serial, PiReplay.PI4, offer);
                    if (boot.files().size() != 7 || boot.missing().size() != 2) throw new IOException(serial + " got " + boot.files().keySet() + ", missing " + boot.missing());
                    return (System.nanoTime() - s) / 1e9;
                }));
            }
            for (Future<Double> f : fs) {
                try {
                    bTimes.add(f.get(600, TimeUnit.SECONDS));
                    bOk++;
                } catch (Exception e) {
                    System.err.println("bramble herd boot failed: " + e);
                }
            }
        }
        double bWall = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
            List<Future<Double>> fs = new ArrayList<>();
            for (int i = 0; i < pis; i++) {
                int n = i;
                fs.add(pool.submit(() -> {
                    long s = System.nanoTime();
                    PiReplay.Boot boot = PiReplay.tftp(hpa, String.format("%08x", 0xb0000000L + n), PiReplay.PI4, null);
                    if (boot.files().size() != 7 || boot.missing().size() != 2) throw new IOException("got " + boot.files().keySet() + ", missing " + boot.missing());
                    return (System.nanoTime() - s) / 1e9;
                }));
            }
            for (Future<Double> f : fs) {
                try {
                    hTimes.add(f.get(600, TimeUnit.SECONDS));
                    hOk++;
                } catch (Exception e) {
                    System.err.println("tftpd-hpa herd boot failed: " + e);
                }
            }
        }
        double hWall = (System.nanoTime() - t0) / 1e9;
        return new String[] {"herd: " + pis + " replayed Pi 4 boots at once (DHCP + 11 TFTP reads with probes)",
                bOk + "/" + pis + " booted, all done in " + fmt(bWall) + " s", "median boot " + fmt(bTimes.isEmpty() ? 0 : median(bTimes)) + " s",
                hOk + "/" + pis + " (TFTP only) in " + fmt(hWall) + " s", "median boot " + fmt(hTimes.isEmpty() ? 0 : median(hTimes)) + " s",
                fmt(hWall / bWall) + "×"};
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
