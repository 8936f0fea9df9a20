package io.bramble.boot.tftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.boot.BootConfig;
import io.bramble.boot.BootLog;
import io.bramble.boot.BootPolicy;
import io.bramble.boot.ClientDirectory;
import io.bramble.boot.TransferRecord;
import io.bramble.boot.TransferRecord.Outcome;

/**
 * Read-only TFTP server (RFC 1350, options of RFC 2347/2348/2349, windowsize of RFC 7440). One pooled platform thread and one
 * socket (the transfer ID) per transfer; the {@link BootPolicy} decides what each request gets.
 */
public final class TftpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TftpServer.class);

    final BootConfig.Tftp config;
    final BootPolicy policy;
    final BootLog log;
    final Clock clock;
    final ClientDirectory clients;
    final GeneratedContentCache cache;
    private final Set<TftpTransfer> active = ConcurrentHashMap.newKeySet();
    /**
     * Platform threads, reused: a lock-step transfer waits for every ACK, and a virtual thread's park/unpark through
     * the poller cost ~100 µs per block on loopback (bench/tftp: 0.46x tftpd-hpa on virtual threads). Reuse keeps the
     * listener quick when hundreds of requests arrive at once.
     */
    private final ExecutorService workers = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().stackSize(256 * 1024).name("tftp-transfer-", 0).factory());
    private final java.util.concurrent.atomic.AtomicLong datagrams = new java.util.concurrent.atomic.AtomicLong();
    private volatile DatagramSocket socket;
    private volatile boolean closed;
    private Thread listener;

    public TftpServer(BootConfig.Tftp config, BootPolicy policy, BootLog log, Clock clock, ClientDirectory clients) {
        this.config = config;
        this.policy = policy;
        this.log = log;
        this.clock = clock;
        this.clients = clients;
        this.cache = new GeneratedContentCache(config.cacheMegabytes() * 1024L * 1024L);
    }

    /** Binds the port and starts answering. */
    public synchronized TftpServer start() {
        if (socket != null) throw new IllegalStateException("TFTP server already started");
        InetSocketAddress bind = new InetSocketAddress(config.listen(), config.port());
        try {
            DatagramSocket s = new DatagramSocket(null);
            s.setReuseAddress(true);
            s.setReceiveBufferSize(4 << 20);
            s.bind(bind);
            socket = s;
        } catch (SocketException e) {
            throw new UncheckedIOException("TFTP cannot listen on " + config.listen() + ":" + config.port() + ": " + e.getMessage()
                    + (config.port() < 1024 ? "; ports below 1024 need root or CAP_NET_BIND_SERVICE" : "; is another TFTP server running?"), e);
        }
        listener = Thread.ofPlatform().daemon().name("tftp-listener-" + port()).start(this::listen);
        LOG.info("TFTP listening on {}:{}", config.listen(), port());
        return this;
    }

    /** The bound port (useful when configured with port 0). */
    public int port() {
        return socket.getLocalPort();
    }

    public InetAddress bindAddress() {
        return socket.getLocalAddress();
    }

    /** Transfers in progress (tests check this falls back to zero: no session leaks). */
    public int activeTransfers() {
        return active.size();
    }

    /** Datagrams received on the server port so far (requests and garbage alike). */
    public long datagramsReceived() {
        return datagrams.get();
    }

    /** How many times generated content was produced (the rest came from the cache). */
    public long generatedCount() {
        return cache.generatedCount();
    }

    private void listen() {
        byte[] buf = new byte[65_536];
        DatagramSocket s = socket;
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (IOException e) {
                if (!closed) LOG.warn("TFTP listener on port {} failed: {}", port(), e.toString());
                return;
            }
            datagrams.incrementAndGet();
            try {
                handle(p);
            } catch (RuntimeException e) {
                LOG.warn("TFTP request from {} could not be handled: {}", p.getSocketAddress(), e.toString(), e);
            }
        }
    }

    private void handle(DatagramPacket p) {
        InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
        TftpPacket packet;
        try {
            packet = TftpPacket.decode(p.getData(), p.getOffset(), p.getLength());
        } catch (TftpFormatException e) {
            LOG.debug("TFTP: malformed packet from {}: {}", from, e.getMessage());
            reply(from, new TftpPacket.Error(TftpPacket.ERR_ILLEGAL, "illegal TFTP operation: " + e.getMessage()));
            return;
        }
        if (!(packet instanceof TftpPacket.Request request)) {
            LOG.debug("TFTP: ignored {} sent to the server port by {}", packet.getClass().getSimpleName(), from);
            return;
        }
        if (request.write()) {
            reply(from, new TftpPacket.Error(TftpPacket.ERR_ACCESS, "write requests are not accepted by this server"));
            finished(refused(from, request, "write request"));
            return;
        }
        if (closed) return;
        if (active.size() >= config.maxTransfers()) {
            reply(from, new TftpPacket.Error(TftpPacket.ERR_UNDEFINED, "server busy: " + config.maxTransfers() + " transfers in progress, try again"));
            finished(refused(from, request, "server busy"));
            return;
        }
        TftpTransfer transfer = new TftpTransfer(this, from, request);
        active.add(transfer);
        workers.execute(() -> {
            try {
                transfer.run();
            } finally {
                active.remove(transfer);
            }
        });
    }

    private TransferRecord refused(InetSocketAddress from, TftpPacket.Request request, String why) {
        return new TransferRecord(clock.instant(), Duration.ZERO, from, null, request.filename(), request.options(), Map.of(), 0, -1,
                Outcome.REFUSED, why);
    }

    private void reply(InetSocketAddress to, TftpPacket packet) {
        try {
            byte[] b = packet.encode();
            socket.send(new DatagramPacket(b, b.length, to));
        } catch (IOException e) {
            LOG.debug("TFTP: could not answer {}: {}", to, e.toString());
        }
    }

    void finished(TransferRecord record) {
        if (record.outcome() == Outcome.COMPLETED || record.outcome() == Outcome.PROBE || record.outcome() == Outcome.NOT_FOUND) {
            LOG.info("{}", record);
        } else {
            LOG.warn("{}", record);
        }
        try {
            log.transfer(record);
        } catch (RuntimeException e) {
            LOG.warn("boot log listener failed for {}: {}", record.path(), e.toString());
        }
    }

    boolean closed() {
        return closed;
    }

    /** Stops listening and ends every transfer in progress. */
    @Override
    public void close() {
        closed = true;
        DatagramSocket s = socket;
        if (s != null) s.close();
        for (TftpTransfer t : active) t.abort();
        workers.shutdown();
        if (listener != null) {
            try {
                listener.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
