package io.bramble.center.boot;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.boot.BootLog;
import io.bramble.boot.TransferRecord;
import io.bramble.center.events.EventLog;
import io.bramble.center.nodes.Node;
import io.bramble.center.nodes.NodeRegistry;

/**
 * Puts finished TFTP transfers into the events timeline (one {@code boot.transfer} event per file served or declined;
 * size probes are left out) and keeps each node's latest transfers for the boot API. The TFTP threads only queue; one
 * writer thread stores.
 */
public final class BootEvents implements BootLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BootEvents.class);
    private static final int KEEP = 20;

    private final NodeRegistry nodes;
    private final EventLog events;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("boot-events").factory());
    private final Map<String, Deque<TransferRecord>> recent = new ConcurrentHashMap<>();

    public BootEvents(NodeRegistry nodes, EventLog events) {
        this.nodes = nodes;
        this.events = events;
    }

    @Override
    public void transfer(TransferRecord r) {
        // the TFTP server logs every record itself
        if (r.outcome() == TransferRecord.Outcome.PROBE) return;
        try {
            writer.execute(() -> record(r));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the center is stopping
        }
    }

    private void record(TransferRecord r) {
        try {
            String serial = r.serial();
            String path = r.path();
            if (serial == null) {
                int slash = path.indexOf('/');
                String first = slash < 0 ? path : path.substring(0, slash);
                if (first.matches("[0-9a-fA-F]{9,64}")) {
                    serial = first;
                    path = slash < 0 ? "" : path.substring(slash + 1);
                }
            }
            Node n = serial == null ? null : nodes.bySerial(serial).orElse(null);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("path", TransferRecord.printable(path));
            d.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
            d.put("bytes", r.bytesSent());
            d.put("ms", r.elapsed().toMillis());
            d.put("client", r.client().getAddress().getHostAddress());
            if (!r.detail().isEmpty()) d.put("detail", r.detail());
            if (n != null) {
                Deque<TransferRecord> q = recent.computeIfAbsent(n.id(), k -> new ArrayDeque<>());
                synchronized (q) {
                    q.addLast(r);
                    while (q.size() > KEEP) q.removeFirst();
                }
                events.append(n.id(), n.name(), "boot.transfer", "netboot", d);
            } else if (r.outcome() == TransferRecord.Outcome.REFUSED) {
                // a refused path (traversal, write request) from an unknown client is worth a fleet event
                events.append(null, null, "boot.refused", "netboot", d);
            }
        } catch (RuntimeException e) {
            log.warn("cannot record boot transfer {}: {}", r, e.toString());
        }
    }

    /** A node's latest transfers, oldest first. */
    public List<TransferRecord> recent(String nodeId) {
        Deque<TransferRecord> q = recent.get(nodeId);
        if (q == null) return List.of();
        synchronized (q) {
            return List.copyOf(q);
        }
    }

    /** Waits until queued transfers are stored (tests). */
    public void flush() {
        try {
            writer.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("boot events did not flush: " + e, e);
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
