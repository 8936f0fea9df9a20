package io.bramble.boot.tftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * One transfer's own UDP socket (its TID), connected to the client. Waits with a selector rather than a socket
 * timeout: two system calls per ACK instead of three, which is most of what a lock-step transfer does.
 */
final class Link implements AutoCloseable {
    private final DatagramChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer out = ByteBuffer.allocateDirect(65_536 + 4);
    private final ByteBuffer in = ByteBuffer.allocateDirect(2048);

    Link(InetSocketAddress bind, InetSocketAddress client) throws IOException {
        channel = DatagramChannel.open(bind.getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.bind(bind);
            channel.connect(client);
            channel.configureBlocking(false);
            selector = Selector.open();
            key = channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    void buffers(int receive, int send) throws IOException {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, receive);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, send);
    }

    /** Sends one datagram; waits (up to {@code timeoutMillis}) while the socket's send buffer is full. */
    void send(byte[] b, int length, long timeoutMillis) throws IOException {
        out.clear();
        out.put(b, 0, length).flip();
        try {
            while (channel.write(out) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                int ready = selector.select(Math.max(1, timeoutMillis));
                selector.selectedKeys().clear();
                key.interestOps(SelectionKey.OP_READ);
                if (ready == 0) return; // treat as lost: the retransmission timer covers it
            }
        } catch (PortUnreachableException e) {
            // the client went away; the retry limit ends the transfer
        }
    }

    /** Receives one datagram into {@code dst}: its length, or -1 when nothing came within {@code timeoutMillis}. */
    int receive(byte[] dst, long timeoutMillis) throws IOException {
        while (true) {
            in.clear();
            int n;
            try {
                n = channel.read(in);
            } catch (PortUnreachableException e) {
                n = 0; // an ICMP error from the client's side: like loss
            }
            if (n > 0) {
                in.flip();
                int length = Math.min(n, dst.length);
                in.get(dst, 0, length);
                return length;
            }
            if (timeoutMillis <= 0) return -1;
            long start = System.nanoTime();
            int ready = selector.select(timeoutMillis);
            selector.selectedKeys().clear();
            if (!channel.isOpen()) throw new java.nio.channels.ClosedChannelException();
            if (ready == 0) {
                timeoutMillis -= (System.nanoTime() - start) / 1_000_000L;
                if (timeoutMillis <= 0) return -1;
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
