package io.bramble.agent.board;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Ticker} and {@link Clock} that tests step by hand: {@link #advance} runs what falls due, in order. */
final class ManualTicker extends Clock implements Ticker {
    private final List<Entry> queue = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long seq;
    boolean closed;

    private final class Entry implements Task {
        final Instant due;
        final long order = seq++;
        final Runnable task;
        boolean cancelled;

        Entry(Instant due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public synchronized Task schedule(Duration delay, Runnable task) {
        Entry e = new Entry(now.plus(delay), task);
        if (!closed) queue.add(e);
        return e;
    }

    /** Moves time forward by {@code d}, running each task when its time comes (tasks may schedule more). */
    void advance(Duration d) {
        Instant end;
        synchronized (this) {
            end = now.plus(d);
        }
        while (true) {
            Entry next;
            synchronized (this) {
                queue.removeIf(e -> e.cancelled);
                next = queue.stream().filter(e -> !e.due.isAfter(end))
                        .min(Comparator.comparing((Entry e) -> e.due).thenComparingLong(e -> e.order)).orElse(null);
                if (next == null) {
                    now = end;
                    return;
                }
                queue.remove(next);
                now = next.due;
            }
            next.task.run();
        }
    }

    void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }

    synchronized int pending() {
        queue.removeIf(e -> e.cancelled);
        return queue.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        queue.clear();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
