package io.bramble.agent.board;

import java.time.Duration;

/**
 * Runs the board's timed work (blink phases, debounce checks, locate timeouts) after a delay. The real
 * one is a scheduled executor on a virtual thread; tests step a manual one.
 */
interface Ticker extends AutoCloseable {
    Task schedule(Duration delay, Runnable task);

    @Override
    void close();

    /** A scheduled task that may be cancelled; cancelling one that ran or was cancelled does nothing. */
    interface Task {
        void cancel();
    }
}
