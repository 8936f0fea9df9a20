package io.bramble.center.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits many small writes (heartbeats) in one transaction, so thousands of nodes cost tens of
 * disk syncs a second instead of thousands. Each caller waits until its write is committed: an
 * acknowledged write is still on disk. A failing write is retried alone so it cannot sink its batch.
 */
public final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final int MAX_BATCH = 1000;

    private record Task(Consumer<Handle> work, CompletableFuture<Void> done) {}

    private final Store store;
    private final BlockingQueue<Task> queue = new ArrayBlockingQueue<>(50_000);
    private final Thread writer;
    private volatile boolean running = true;

    public GroupCommit(Store store) {
        this.store = store;
        this.writer = Thread.ofPlatform().name("store-group-commit").daemon().start(this::run);
    }

    /** Queues {@code work} for the next batch; the future completes once it is committed. */
    public CompletableFuture<Void> submit(Consumer<Handle> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the store is closing"));
            return done;
        }
        if (!queue.offer(new Task(work, done)))
            done.completeExceptionally(new IllegalStateException("the store is overloaded (50000 writes waiting); try again"));
        return done;
    }

    /** Runs {@code work} in the next batch and waits for the commit. */
    public void run(Consumer<Handle> work) {
        try {
            submit(work).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private void run() {
        List<Task> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Task first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (RuntimeException e) {
                log.error("group commit failed", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Task> batch) {
        try {
            store.jdbi().useTransaction(h -> {
                for (Task t : batch) t.work().accept(h);
            });
            for (Task t : batch) t.done().complete(null);
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(batchFailure);
                return;
            }
            for (Task t : batch) {
                try {
                    store.jdbi().useTransaction(h -> t.work().accept(h));
                    t.done().complete(null);
                } catch (RuntimeException e) {
                    t.done().completeExceptionally(e);
                }
            }
        }
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
