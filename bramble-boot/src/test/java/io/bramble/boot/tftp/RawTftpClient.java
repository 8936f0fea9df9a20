package io.bramble.boot.tftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongPredicate;

/** A TFTP client for tests that can misbehave on purpose: drop data, acknowledge twice, stop after the OACK. */
public final class RawTftpClient implements AutoCloseable {
    final DatagramSocket socket;
    private final InetSocketAddress server;
    public int timeoutMillis = 1000;
    int maxTimeouts = 10;
    /** Called with the running count of DATA packets received; true drops that packet (it is never acknowledged). */
    LongPredicate drop = n -> false;
    boolean duplicateAcks;

    /** What one download produced. */
    public record Result(byte[] content, Map<String, String> oack, long dataPackets, long duplicateData, TftpPacket.Error error) {}

    public RawTftpClient(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setReceiveBufferSize(4 << 20);
    }

    public void send(InetSocketAddress to, TftpPacket p) throws IOException {
        byte[] b = p.encode();
        socket.send(new DatagramPacket(b, b.length, to));
    }

    /** Sends the request and returns the first answer with the address it came from. */
    public Map.Entry<InetSocketAddress, TftpPacket> request(String file, String mode, Map<String, String> options) throws IOException {
        send(server, new TftpPacket.Request(false, file, mode, options));
        return receive();
    }

    Map.Entry<InetSocketAddress, TftpPacket> receive() throws IOException {
        byte[] buf = new byte[70_000];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout(timeoutMillis);
        socket.receive(p);
        return Map.entry((InetSocketAddress) p.getSocketAddress(), TftpPacket.decode(p.getData(), p.getOffset(), p.getLength()));
    }

    public Result get(String file, Map<String, String> options) throws IOException {
        TftpPacket.Request rrq = new TftpPacket.Request(false, file, "octet", options);
        send(server, rrq);
        InetSocketAddress tid = null;
        int blksize = 512, window = 1;
        Map<String, String> oack = Map.of();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long expected = 1, inWindow = 0, dataPackets = 0, duplicates = 0;
        int timeouts = 0;
        byte[] buf = new byte[70_000];
        socket.setSoTimeout(timeoutMillis);
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                if (++timeouts > maxTimeouts) throw new IOException("test client: no data after " + maxTimeouts + " timeouts, had " + out.size() + " bytes");
                if (tid != null) ack(tid, expected - 1);
                else send(server, rrq); // like every real client: the request or its first answer was lost
                inWindow = 0;
                continue;
            }
            InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
            if (tid == null) tid = from;
            else if (!tid.equals(from)) continue;
            TftpPacket packet = TftpPacket.decode(p.getData(), p.getOffset(), p.getLength());
            switch (packet) {
                case TftpPacket.OptionAck o -> {
                    oack = new LinkedHashMap<>(o.options());
                    blksize = Integer.parseInt(oack.getOrDefault("blksize", "512"));
                    window = Integer.parseInt(oack.getOrDefault("windowsize", "1"));
                    if (expected == 1) ack(tid, 0);
                }
                case TftpPacket.Error e -> {
                    return new Result(out.toByteArray(), oack, dataPackets, duplicates, e);
                }
                case TftpPacket.Data d -> {
                    dataPackets++;
                    if (drop.test(dataPackets)) continue;
                    if (d.block() != (int) (expected & 0xFFFF)) {
                        duplicates++;
                        continue;
                    }
                    timeouts = 0;
                    out.writeBytes(d.data());
                    expected++;
                    inWindow++;
                    boolean last = d.data().length < blksize;
                    if (last || inWindow == window) {
                        ack(tid, expected - 1);
                        if (duplicateAcks) ack(tid, expected - 1);
                        inWindow = 0;
                    }
                    if (last) return new Result(out.toByteArray(), oack, dataPackets, duplicates, null);
                }
                default -> { }
            }
        }
    }

    private void ack(InetSocketAddress tid, long block) throws IOException {
        send(tid, new TftpPacket.Ack((int) (block & 0xFFFF)));
    }

    @Override
    public void close() {
        socket.close();
    }
}
