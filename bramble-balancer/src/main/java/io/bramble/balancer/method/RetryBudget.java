package io.bramble.balancer.method;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Envoy-style retry budget: retries in flight may not exceed {@code percent} of requests in
 * flight, but {@code minConcurrent} are always allowed. Keeps retries from multiplying load on a
 * cluster that is already failing.
 */
public final class RetryBudget {
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger retrying = new AtomicInteger();
    private volatile int percent;
    private volatile int minConcurrent;

    public RetryBudget(int percent, int minConcurrent) {
        this.percent = percent;
        this.minConcurrent = minConcurrent;
    }

    public void configure(int percent, int minConcurrent) {
        this.percent = percent;
        this.minConcurrent = minConcurrent;
    }

    public void requestStarted() { active.incrementAndGet(); }

    public void requestEnded() { active.decrementAndGet(); }

    /** Takes a retry slot when the budget allows; release it with {@link #retryEnded()}. */
    public boolean tryRetry() {
        int allowed = Math.max(minConcurrent, active.get() * percent / 100);
        while (true) {
            int r = retrying.get();
            if (r >= allowed) return false;
            if (retrying.compareAndSet(r, r + 1)) return true;
        }
    }

    public void retryEnded() { retrying.decrementAndGet(); }

    public int retrying() { return retrying.get(); }
}
