package io.bramble.boot.tftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bramble.boot.BootDecision;
import io.bramble.boot.BootRequest;
import io.bramble.boot.ClientDirectory;
import io.bramble.boot.TransferRecord;
import io.bramble.boot.TransferRecord.Outcome;

/** One read request, from the policy's decision to the last acknowledgement. Runs on a pooled platform thread. */
final class TftpTransfer {
    private static final int NETASCII_LIMIT = 64 << 20;

    private final TftpServer server;
    private final InetSocketAddress client;
    private final TftpPacket.Request request;
    private volatile Link socket;

    private final Instant started;
    private final long startNanos = System.nanoTime();
    private String serial;
    private String path;
    private final Map<String, String> negotiated = new LinkedHashMap<>();
    private long size = -1;
    private long delivered;

    TftpTransfer(TftpServer server, InetSocketAddress client, TftpPacket.Request request) {
        this.server = server;
        this.client = client;
        this.request = request;
        this.started = server.clock.instant();
        this.path = request.filename();
    }

    void abort() {
        Link s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
        }
    }

    void run() {
        TransferRecord record;
        try (Link s = new Link(new InetSocketAddress(server.bindAddress(), 0), client)) {
            socket = s;
            record = serve(s);
        } catch (IOException e) {
            record = done(Outcome.FAILED, server.closed() ? "server closed" : e.toString());
        } catch (RuntimeException e) {
            record = done(Outcome.FAILED, "internal error: " + e);
        }
        server.finished(record);
    }

    private TransferRecord serve(Link s) throws IOException {
        String normalised;
        try {
            normalised = TftpPaths.normalise(request.filename());
        } catch (IllegalArgumentException e) {
            send(s, new TftpPacket.Error(TftpPacket.ERR_ACCESS, "access violation: " + e.getMessage()));
            return done(Outcome.REFUSED, e.getMessage());
        }
        path = normalised;
        String mode = request.mode();
        if (!mode.equals("octet") && !mode.equals("netascii")) {
            send(s, new TftpPacket.Error(TftpPacket.ERR_ILLEGAL, "transfer mode '" + mode + "' is not supported; use octet"));
            return done(Outcome.REFUSED, "mode " + mode);
        }
        serial = TftpPaths.serialOf(normalised);
        String rest = serial == null ? normalised : TftpPaths.afterSerial(normalised);
        ClientDirectory.Seen seen = server.clients.lookup(client.getAddress());
        boolean pi = serial != null || (seen != null && seen.pi()) || server.policy.isPi(client.getAddress());
        BootRequest bootRequest = new BootRequest(client, seen == null ? null : seen.mac(), serial, rest, normalised, pi);

        BootDecision decision;
        try {
            decision = server.policy.decide(bootRequest);
        } catch (RuntimeException e) {
            send(s, new TftpPacket.Error(TftpPacket.ERR_UNDEFINED, "server error while deciding on " + normalised));
            return done(Outcome.FAILED, "boot policy failed: " + e);
        }
        Content content;
        switch (decision) {
            case BootDecision.Decline d -> {
                send(s, new TftpPacket.Error(TftpPacket.ERR_NOT_FOUND, "File not found"));
                return done(Outcome.NOT_FOUND, d.reason());
            }
            case BootDecision.ServeFile f -> {
                try {
                    content = Content.open(f.file());
                } catch (NoSuchFileException e) {
                    send(s, new TftpPacket.Error(TftpPacket.ERR_NOT_FOUND, "File not found"));
                    return done(Outcome.NOT_FOUND, "no such file " + f.file());
                } catch (IOException e) {
                    send(s, new TftpPacket.Error(TftpPacket.ERR_ACCESS, "cannot read " + normalised));
                    return done(Outcome.FAILED, "cannot read " + f.file() + ": " + e);
                }
            }
            case BootDecision.ServeBytes b -> {
                byte[] bytes;
                try {
                    bytes = server.cache.get(new GeneratedContentCache.Key(serial, rest, b.contentVersion()), b.content());
                } catch (RuntimeException e) {
                    send(s, new TftpPacket.Error(TftpPacket.ERR_UNDEFINED, "server error while generating " + normalised));
                    return done(Outcome.FAILED, "content generator failed: " + e);
                }
                content = Content.of(bytes);
            }
        }
        try (Content c = content) {
            Content payload = c;
            if (mode.equals("netascii")) {
                try {
                    payload = Content.of(Content.toNetascii(c, NETASCII_LIMIT));
                } catch (IOException e) {
                    send(s, new TftpPacket.Error(TftpPacket.ERR_UNDEFINED, e.getMessage()));
                    return done(Outcome.REFUSED, e.getMessage());
                }
            }
            size = payload.size();
            return transfer(s, payload, pi);
        }
    }

    private TransferRecord transfer(Link s, Content content, boolean pi) throws IOException {
        int blksize = 512;
        int window = 1;
        long timeoutMillis = server.config.timeout().toMillis();
        Map<String, String> asked = request.options();
        String v;
        if ((v = asked.get("blksize")) != null) {
            int requested = parse(v);
            if (requested >= 8) {
                int max = pi ? server.config.maxBlksizePi() : server.config.maxBlksize();
                blksize = Math.min(requested, max);
                negotiated.put("blksize", Integer.toString(blksize));
            }
        }
        if ((v = asked.get("tsize")) != null && parse(v) >= 0) {
            negotiated.put("tsize", Long.toString(content.size()));
        }
        if ((v = asked.get("timeout")) != null) {
            int t = parse(v);
            if (t >= 1 && t <= 255) {
                timeoutMillis = t * 1000L;
                negotiated.put("timeout", Integer.toString(t));
            }
        }
        if ((v = asked.get("windowsize")) != null) {
            int w = parse(v);
            if (w >= 1 && w <= 65535) {
                window = Math.min(w, server.config.maxWindowsize());
                negotiated.put("windowsize", Integer.toString(window));
            }
        }
        s.buffers(64 * 1024, Math.max(64 * 1024, Math.min(4 << 20, window * (blksize + 32))));
        this.timeoutMillis = timeoutMillis;
        byte[] in = new byte[2048];
        int retries = server.config.retries();

        if (!negotiated.isEmpty()) {
            byte[] oack = new TftpPacket.OptionAck(negotiated).encode();
            int attempt = 0;
            send(s, oack);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                int ack = awaitAck(s, in, deadline);
                if (ack == TIMEOUT) {
                    if (++attempt > retries) return done(Outcome.TIMEOUT, "no ACK of the OACK after " + retries + " retries");
                    send(s, oack);
                    deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
                } else if (ack == 0) {
                    break;
                } else if (ack == CLIENT_ERROR) {
                    return asked.containsKey("tsize")
                            ? done(Outcome.PROBE, "client ended after the OACK: " + describe(clientError))
                            : done(Outcome.CLIENT_ABORTED, "client refused the options: " + describe(clientError));
                }
            }
        }

        long size = content.size();
        long last = size / blksize + 1; // the final block is shorter than blksize, possibly empty
        byte[] out = new byte[4 + blksize];
        out[1] = TftpPacket.DATA;
        long base = 1; // first block not yet acknowledged
        long next = 1; // next block to send
        int attempt = 0;
        long deadline = 0;
        while (base <= last) {
            if (next == base) {
                long end = Math.min(base + window - 1, last);
                for (long b = base; b <= end; b++) {
                    long position = (b - 1) * blksize;
                    int length = (int) Math.min(blksize, size - position);
                    out[2] = (byte) (b >> 8);
                    out[3] = (byte) b;
                    content.read(position, out, 4, length);
                    s.send(out, 4 + length, timeoutMillis);
                }
                next = end + 1;
                deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            }
            int ack = awaitAck(s, in, deadline);
            if (ack == TIMEOUT) {
                if (++attempt > retries) {
                    delivered = Math.min(size, (base - 1) * blksize);
                    return done(Outcome.TIMEOUT, "no ACK for block " + base + " after " + retries + " retries");
                }
                next = base; // send the window again
            } else if (ack == CLIENT_ERROR) {
                delivered = Math.min(size, (base - 1) * blksize);
                return done(Outcome.CLIENT_ABORTED, "client error after " + delivered + " bytes: " + describe(clientError));
            } else {
                long acked = unwrap(ack, base - 1);
                if (acked >= base && acked < next) {
                    base = acked + 1;
                    next = base; // full window: the next one; partial: resend from the first block the client lacks
                    attempt = 0;
                }
                // acked == base - 1 is a duplicate: ignoring it is what prevents the Sorcerer's Apprentice syndrome
            }
        }
        delivered = size;
        return done(Outcome.COMPLETED, "");
    }

    /** The 64-bit block index of a 16-bit ACK, at or after {@code floor} (block numbers roll over from 65535 to 0). */
    static long unwrap(int block16, long floor) {
        return floor + ((block16 - (int) (floor & 0xFFFF)) & 0xFFFF);
    }

    private static final int TIMEOUT = -1, CLIENT_ERROR = -2;
    private TftpPacket.Error clientError;
    private long timeoutMillis = 1000;

    /**
     * The block number of the next ACK before the deadline, {@link #TIMEOUT}, or {@link #CLIENT_ERROR} (kept in
     * {@link #clientError}). Anything else (garbage, stray DATA) is skipped. ACKs are read in place: this is the hot path.
     */
    private int awaitAck(Link s, byte[] in, long deadline) throws IOException {
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) return TIMEOUT;
            int length = s.receive(in, left);
            if (length < 0) return TIMEOUT;
            if (length < 4 || in[0] != 0) continue;
            if (in[1] == TftpPacket.ACK) return TftpPacket.u16(in, 2);
            if (in[1] == TftpPacket.ERROR) {
                try {
                    clientError = (TftpPacket.Error) TftpPacket.decode(in, 0, length);
                } catch (TftpFormatException e) {
                    clientError = new TftpPacket.Error(TftpPacket.u16(in, 2), "");
                }
                return CLIENT_ERROR;
            }
        }
    }

    private void send(Link s, TftpPacket packet) throws IOException {
        send(s, packet.encode());
    }

    private void send(Link s, byte[] b) throws IOException {
        s.send(b, b.length, timeoutMillis);
    }

    private static int parse(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String describe(TftpPacket.Error e) {
        return "error " + e.code() + (e.message().isEmpty() ? "" : " '" + e.message() + "'");
    }

    private TransferRecord done(Outcome outcome, String detail) {
        return new TransferRecord(started, Duration.ofNanos(System.nanoTime() - startNanos), client, serial, path,
                request.options(), negotiated, delivered, size, outcome, detail);
    }
}
