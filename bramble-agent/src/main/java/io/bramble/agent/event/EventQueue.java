package io.bramble.agent.event;

import io.bramble.agent.DurableFiles;
import io.bramble.core.json.Json;
import io.bramble.core.wire.AgentEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's outbound event queue: an append-only file ({@code events.queue}, one JSON event per
 * line, fsync'd on every append) that survives restarts and crashes, so events raised while the
 * center is away are delivered in order when it is back. Events leave the file only once the center
 * has acknowledged them. Sequence numbers keep growing across restarts ({@code events.seq} remembers
 * the last one when the queue is empty). The queue is bounded: when full, the oldest tenth is dropped
 * and an {@code events.dropped} event says how many.
 */
public final class EventQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventQueue.class);
    public static final String QUEUE_FILE = "events.queue";
    public static final String SEQ_FILE = "events.seq";

    private final Path file;
    private final Path seqFile;
    private final int max;
    private final Clock clock;
    private final JsonMapper json = Json.mapper();
    private final ArrayDeque<AgentEvent> events = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private FileChannel channel;
    private long lastSeq;
    private long droppedTotal;

    /** Opens (or creates) the queue in {@code dataDir}, holding at most {@code maxQueued} events. */
    public EventQueue(Path dataDir, int maxQueued, Clock clock) throws IOException {
        if (maxQueued < 10) throw new IllegalArgumentException("events.maxQueued must be at least 10 (got " + maxQueued + ")");
        Files.createDirectories(dataDir);
        this.file = dataDir.resolve(QUEUE_FILE);
        this.seqFile = dataDir.resolve(SEQ_FILE);
        this.max = maxQueued;
        this.clock = clock;
        boolean needsRewrite = load();
        while (events.size() > max) {
            events.pollFirst();
            droppedTotal++;
            needsRewrite = true;
        }
        if (needsRewrite) rewrite();
        channel = openForAppend();
    }

    /** Reads the files; true when the queue file had a torn or unreadable line (a crash mid-append) and must be rewritten. */
    private boolean load() throws IOException {
        if (Files.exists(seqFile)) {
            String s = Files.readString(seqFile).strip();
            try {
                lastSeq = Long.parseLong(s);
            } catch (NumberFormatException e) {
                log.warn("{} does not hold a number ('{}'); sequence numbers continue from the queued events", seqFile, s);
            }
        }
        if (!Files.exists(file)) return false;
        boolean bad = false;
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) continue;
            try {
                AgentEvent e = json.readValue(line, AgentEvent.class);
                if (e.seq() <= (events.isEmpty() ? 0 : events.peekLast().seq())) {
                    log.warn("{} line {}: seq {} is out of order; dropped", file, lineNo, e.seq());
                    bad = true;
                    continue;
                }
                events.addLast(e);
                lastSeq = Math.max(lastSeq, e.seq());
            } catch (JacksonException | IllegalArgumentException ex) {
                // typically the last line, cut short by a crash or power loss during an append
                log.warn("{} line {} is not a readable event and is dropped: {}", file, lineNo, ex.getMessage());
                bad = true;
            }
        }
        return bad;
    }

    /**
     * Appends an event with the next seq and the current time; it is on disk when this returns.
     *
     * @throws IOException when the event cannot be written (disk full, read-only)
     */
    public AgentEvent append(String type, Map<String, String> detail) throws IOException {
        lock.lock();
        try {
            if (events.size() >= max) dropOldest();
            AgentEvent e = write(type, detail);
            changed.signalAll();
            return e;
        } finally {
            lock.unlock();
        }
    }

    private AgentEvent write(String type, Map<String, String> detail) throws IOException {
        AgentEvent e = new AgentEvent(lastSeq + 1, clock.instant(), type, detail);
        byte[] line = (json.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) channel.write(buf);
        channel.force(false);
        lastSeq = e.seq();
        events.addLast(e);
        return e;
    }

    private void dropOldest() throws IOException {
        int n = Math.max(2, max / 10);
        long first = events.peekFirst().seq();
        long last = first;
        for (int i = 0; i < n && !events.isEmpty(); i++) last = events.pollFirst().seq();
        droppedTotal += n;
        rewrite();
        channel = openForAppend();
        log.warn("event queue {} is full ({} events; the center has been unreachable for long): dropped the oldest {} (seq {}-{})",
                file, max, n, first, last);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("count", Long.toString(n));
        detail.put("firstSeq", Long.toString(first));
        detail.put("lastSeq", Long.toString(last));
        detail.put("droppedTotal", Long.toString(droppedTotal));
        write("events.dropped", detail);
    }

    /** Up to {@code limit} of the oldest events, in seq order, without removing them. */
    public List<AgentEvent> peek(int limit) {
        lock.lock();
        try {
            List<AgentEvent> out = new ArrayList<>(Math.min(limit, events.size()));
            Iterator<AgentEvent> it = events.iterator();
            while (out.size() < limit && it.hasNext()) out.add(it.next());
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Removes every event with {@code seq <= lastSeq}: the center has them. */
    public void acknowledge(long lastSeqAcked) throws IOException {
        lock.lock();
        try {
            boolean removed = false;
            while (!events.isEmpty() && events.peekFirst().seq() <= lastSeqAcked) {
                events.pollFirst();
                removed = true;
            }
            if (removed) {
                rewrite();
                channel = openForAppend();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at least one event is queued; false on timeout. */
    public boolean awaitNonEmpty(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (events.isEmpty()) {
                if (nanos <= 0) return false;
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    /** The seq of the last event ever appended (0 when none). */
    public long lastSeq() {
        lock.lock();
        try {
            return lastSeq;
        } finally {
            lock.unlock();
        }
    }

    /** Events dropped since this queue was opened because it was full. */
    public long droppedTotal() {
        lock.lock();
        try {
            return droppedTotal;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces the queue file with the events still queued. The seq file is written first, so a crash
     * between the two can never make a seq number be used twice.
     */
    private void rewrite() throws IOException {
        if (channel != null) channel.close();
        DurableFiles.replace(seqFile, (lastSeq + "\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (AgentEvent e : events) sb.append(json.writeValueAsString(e)).append('\n');
        DurableFiles.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private FileChannel openForAppend() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (channel != null) channel.close();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
