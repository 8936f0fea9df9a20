package io.bramble.center.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits many small writes (heartbeats) in one transaction, so thousands of nodes cost tens of
 * disk syncs a second instead of thousands. Each caller waits until its write is committed: an
 * acknowledged write is still on disk. A failing write is retried alone so it cannot sink its batch.
 * The writer keeps one connection and its prepared statements across batches: at 2,000 heartbeats a
 * second, setting up a JDBI statement per write cost more than SQLite's own work.
 */
public final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final int MAX_BATCH = 1000;
    /**
     * How long the writer waits for company after the first write of a batch. With a fast disk the writer was
     * always ready, so at 2,000 heartbeats/s batches held one write: 1,500 commits (and fsyncs) a second and 70,000
     * syscalls. Two milliseconds make batches of several writes, and add at most that to a heartbeat's reply.
     */
    private static final long LINGER_NANOS = 2_000_000;

    /** What a write sees: the batch's transaction, and statements prepared once and reused by later batches. */
    public interface Batch {
        Handle handle();

        /** A prepared statement for {@code sql}, cached by the writer; parameters are cleared before it is returned. */
        PreparedStatement statement(String sql) throws SQLException;
    }

    /** A write in a batch; may throw SQLException, which fails it (and only it, after the retry). */
    @FunctionalInterface
    public interface Work {
        void run(Batch batch) throws SQLException;
    }

    private record Task(Work work, CompletableFuture<Void> done) {}

    /** Counters since start: batches committed and writes in them (the batch size is their ratio). */
    public record Stats(long batches, long writes) {}

    private final Store store;
    private final BlockingQueue<Task> queue = new ArrayBlockingQueue<>(50_000);
    private final Thread writer;
    private volatile boolean running = true;
    private final LongAdder batches = new LongAdder();
    private final LongAdder writes = new LongAdder();
    // owned by the writer thread alone
    private Handle handle;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Batch batch = new Batch() {
        @Override
        public Handle handle() {
            return handle;
        }

        @Override
        public PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = handle.getConnection().prepareStatement(sql);
                statements.put(sql, ps);
            } else {
                ps.clearParameters();
            }
            return ps;
        }
    };

    public GroupCommit(Store store) {
        this.store = store;
        this.writer = Thread.ofPlatform().name("store-group-commit").daemon().start(this::run);
    }

    /** Queues {@code work} for the next batch; the future completes once it is committed. */
    public CompletableFuture<Void> submit(Work work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the store is closing"));
            return done;
        }
        Task task = new Task(work, done);
        if (!queue.offer(task))
            done.completeExceptionally(new IllegalStateException("the store is overloaded (50000 writes waiting); try again"));
        // close() may have drained the queue between the check above and the offer: nobody would commit this one
        else if (!running && queue.remove(task)) done.completeExceptionally(new IllegalStateException("the store is closing"));
        return done;
    }

    /** Runs {@code work}, which needs only the transaction's handle, in the next batch and waits for the commit. */
    public void run(Consumer<Handle> work) {
        try {
            submit(b -> work.accept(b.handle())).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** Runs {@code work} in the next batch, waits for the commit, and returns what it returned. */
    public <T> T call(java.util.function.Function<Handle, T> work) {
        java.util.concurrent.atomic.AtomicReference<T> out = new java.util.concurrent.atomic.AtomicReference<>();
        run(h -> out.set(work.apply(h))); // a batch that fails is retried one work at a time: the last run's value counts
        return out.get();
    }

    public Stats stats() {
        return new Stats(batches.sum(), writes.sum());
    }

    private void run() {
        List<Task> tasks = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Task first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                tasks.add(first);
                if (queue.size() < MAX_BATCH - 1) LockSupport.parkNanos(LINGER_NANOS); // wait for company (see LINGER_NANOS)
                queue.drainTo(tasks, MAX_BATCH - 1);
                commit(tasks);
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (RuntimeException e) {
                log.error("group commit failed", e);
            } finally {
                tasks.clear();
            }
        }
        closeHandle();
    }

    private void commit(List<Task> tasks) {
        boolean[] aWorkFailed = {false};
        try {
            inTransaction(() -> {
                for (Task t : tasks) {
                    try {
                        t.work().run(batch);
                    } catch (Throwable e) {
                        aWorkFailed[0] = true;
                        throw e;
                    }
                }
            });
            batches.increment();
            writes.add(tasks.size());
            for (Task t : tasks) t.done().complete(null);
        } catch (Throwable batchFailure) {
            // the transaction itself failed (BEGIN or COMMIT: the store is locked, gone or full): retrying each
            // write alone would only wait for the same thing once per write
            if (tasks.size() == 1 || !aWorkFailed[0] || batchFailure instanceof Error) {
                for (Task t : tasks) t.done().completeExceptionally(unchecked(batchFailure));
                return;
            }
            // one write failed: the others must not fail with it, so each runs alone
            for (Task t : tasks) {
                try {
                    inTransaction(() -> t.work().run(batch));
                    t.done().complete(null);
                } catch (Throwable e) {
                    t.done().completeExceptionally(unchecked(e));
                }
            }
        }
    }

    private interface SqlRunnable {
        void run() throws SQLException;
    }

    private void inTransaction(SqlRunnable work) throws SQLException {
        if (handle == null) handle = store.jdbi().open();
        try {
            handle.begin();
            work.run();
            handle.commit();
        } catch (Throwable e) { // an Error too: the write lock must not stay held by a transaction nobody ends
            try {
                handle.rollback();
            } catch (RuntimeException rollbackFailure) {
                // the connection itself is broken (e.g. PostgreSQL restarted): take a fresh one next time
                e.addSuppressed(rollbackFailure);
                closeHandle();
            }
            throw e;
        }
    }

    private void closeHandle() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection is going away with it
            }
        }
        statements.clear();
        if (handle != null) {
            try {
                handle.close();
            } catch (RuntimeException e) {
                log.warn("closing the group-commit connection failed: {}", e.toString());
            }
            handle = null;
        }
    }

    private static RuntimeException unchecked(Throwable e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException("store write failed: " + e, e);
    }

    /** Commits what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Task t;
        while ((t = queue.poll()) != null) t.done().completeExceptionally(new IllegalStateException("the store closed"));
    }
}
