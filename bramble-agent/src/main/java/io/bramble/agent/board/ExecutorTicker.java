package io.bramble.agent.board;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real {@link Ticker}: one scheduler thread (virtual) for all of a board's timed work. */
final class ExecutorTicker implements Ticker {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorTicker.class);
    private final ScheduledThreadPoolExecutor executor;

    ExecutorTicker() {
        executor = new ScheduledThreadPoolExecutor(1, Thread.ofVirtual().name("bramble-board-", 0).factory());
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Task schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f;
        try {
            f = executor.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // one failing LED write must not stop the scheduler thread for the other parts
                    LOG.warn("board: timed task failed: {}", e.toString());
                }
            }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return () -> {}; // closed: nothing more to blink
        }
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
