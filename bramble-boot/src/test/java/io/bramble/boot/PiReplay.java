package io.bramble.boot;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.bramble.boot.dhcp.ClientClassifier;
import io.bramble.boot.dhcp.DhcpPacket;
import io.bramble.boot.dhcp.PxeMenu;
import io.bramble.boot.tftp.RawTftpClient;
import io.bramble.boot.tftp.TftpPacket;

/**
 * Replays what a Pi 4 or Pi 5 does when it netboots: a PXE DISCOVER, then its TFTP reads in the order the bootloader
 * makes them, each file first probed for its size (tsize, then an error) and then read with blksize 1468. Used by the
 * replay tests and by the herd benchmark.
 */
public final class PiReplay {
    /** A boot file the bootloader asks for, and whether the server is expected to have it. */
    public record Read(String file, boolean expected) {}

    /** The Pi 4 EEPROM bootloader, then start4.elf reading the rest. */
    public static final List<Read> PI4 = List.of(new Read("start4.elf", true), new Read("config.txt", true),
            new Read("pieeprom.sig", false), new Read("recover4.elf", false), new Read("start4.elf", true), new Read("fixup4.dat", true),
            new Read("config.txt", true), new Read("cmdline.txt", true), new Read("bcm2711-rpi-4-b.dtb", true),
            new Read("overlays/overlay_map.dtb", true), new Read("kernel8.img", true));
    /** The Pi 5 bootloader loads the kernel itself (no start.elf). */
    public static final List<Read> PI5 = List.of(new Read("config.txt", true), new Read("pieeprom.sig", false),
            new Read("bcm2712-rpi-5-b.dtb", true), new Read("overlays/overlay_map.dtb", true), new Read("cmdline.txt", true),
            new Read("kernel_2712.img", true), new Read("initramfs_2712", false));

    /** What one replayed boot did. */
    public record Boot(String serial, DhcpPacket offer, Map<String, byte[]> files, List<String> missing, long bytes, int probes) {}

    private PiReplay() {}

    /** Sends the Pi's DISCOVER from {@code socket} (bound to the client port) and waits for the matching OFFER. */
    public static DhcpPacket discover(DatagramSocket socket, InetSocketAddress dhcpServer, String mac, String serial, boolean pi5, int xid)
            throws IOException {
        byte[] macBytes = HexFormat.ofDelimiter(":").parseHex(mac);
        byte[] guid = new byte[17];
        guid[1] = 'R';
        guid[2] = 'P';
        guid[3] = 'i';
        guid[4] = (byte) (pi5 ? '5' : '4');
        byte[] serialBytes = HexFormat.of().parseHex(serial);
        for (int i = 0; i < 4; i++) guid[13 + i] = serialBytes[3 - i];
        DhcpPacket discover = new DhcpPacket.Builder().op(DhcpPacket.BOOTREQUEST).hardware(1, macBytes).xid(xid)
                .messageType(DhcpPacket.DISCOVER)
                .option(DhcpPacket.OPT_PARAMETER_LIST, new byte[] {1, 3, 43, 60, 66, 67})
                .option(DhcpPacket.OPT_CLIENT_UUID, guid)
                .option(DhcpPacket.OPT_CLIENT_ARCH, new byte[] {0, 0})
                .option(DhcpPacket.OPT_CLIENT_NDI, new byte[] {1, 2, 1})
                .option(DhcpPacket.OPT_VENDOR_CLASS, ClientClassifier.PI_VENDOR_CLASS).build();
        byte[] wire = discover.encode();
        byte[] buf = new byte[1500];
        for (int attempt = 0; attempt < 5; attempt++) {
            socket.send(new DatagramPacket(wire, wire.length, dhcpServer));
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.setSoTimeout(500);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                DhcpPacket reply = DhcpPacket.decode(p.getData(), p.getLength());
                if (reply.xid() == xid && reply.messageType() == DhcpPacket.OFFER) return reply;
            }
        }
        throw new IOException("no OFFER for " + mac + " after 5 DISCOVERs");
    }

    /** The TFTP part: each file probed then read; files the server lacks are listed in {@code missing}. */
    public static Boot tftp(InetSocketAddress tftpServer, String serial, List<Read> reads, DhcpPacket offer) throws IOException {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        long bytes = 0;
        int probes = 0;
        for (Read read : reads) {
            String path = serial + "/" + read.file();
            try (RawTftpClient probe = new RawTftpClient(tftpServer)) {
                probe.timeoutMillis = 5000;
                var answer = probe.request(path, "octet", Map.of("tsize", "0", "blksize", "1468"));
                if (answer.getValue() instanceof TftpPacket.Error) {
                    missing.add(read.file());
                    continue;
                }
                probe.send(answer.getKey(), new TftpPacket.Error(TftpPacket.ERR_OPTIONS, "(Early terminate)"));
                probes++;
            }
            try (RawTftpClient get = new RawTftpClient(tftpServer)) {
                get.timeoutMillis = 5000;
                RawTftpClient.Result r = get.get(path, Map.of("tsize", "0", "blksize", "1468"));
                if (r.error() != null) throw new IOException(path + ": " + r.error());
                files.put(read.file(), r.content());
                bytes += r.content().length;
            }
        }
        return new Boot(serial, offer, files, missing, bytes, probes);
    }

    /** Writes small fake boot files for both models into {@code root}; returns their contents by name. */
    public static Map<String, byte[]> writeFakeBootFiles(java.nio.file.Path root, long seed, int kernelSize) throws IOException {
        Random random = new Random(seed);
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (String name : List.of("start4.elf", "fixup4.dat", "config.txt", "cmdline.txt", "bcm2711-rpi-4-b.dtb", "bcm2712-rpi-5-b.dtb",
                "overlays/overlay_map.dtb", "kernel8.img", "kernel_2712.img")) {
            int size = name.startsWith("kernel") ? kernelSize : name.startsWith("start") ? kernelSize / 2 : 1000 + random.nextInt(50_000);
            byte[] b = new byte[size];
            random.nextBytes(b);
            files.put(name, b);
            java.nio.file.Path f = root.resolve(name);
            java.nio.file.Files.createDirectories(f.getParent());
            java.nio.file.Files.write(f, b);
        }
        return files;
    }

    public static boolean hasPiMenu(DhcpPacket offer) {
        return java.util.Arrays.equals(offer.option(DhcpPacket.OPT_VENDOR_SPECIFIC), PxeMenu.raspberryPi());
    }
}
