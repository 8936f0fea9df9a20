package io.bramble.agent.link;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delays between retries while the center is unreachable: exponential (initial, doubling up to max)
 * with full jitter, so a rack of agents that lost the center together does not come back in step.
 */
public final class Backoff {
    /** Below this a retry would spin; full jitter may otherwise draw a delay of 0. */
    private static final long FLOOR_MILLIS = 50;

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero()) throw new IllegalArgumentException("backoff initial delay must be positive (got " + initial + ")");
        if (max.compareTo(initial) < 0) throw new IllegalArgumentException("backoff max " + max + " is below its initial delay " + initial);
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The ceiling for the next retry: initial × 2^failures, at most max. */
    public synchronized Duration ceiling() {
        return Duration.ofMillis(ceilingMillis());
    }

    private long ceilingMillis() {
        int shift = Math.min(attempt, 30);
        return Math.min(maxMillis, initialMillis << shift);
    }

    /** The delay before the next retry, drawn uniformly below the ceiling; each call doubles the ceiling. */
    public synchronized Duration next() {
        long cap = ceilingMillis();
        if (attempt < 31) attempt++;
        return Duration.ofMillis(Math.max(Math.min(FLOOR_MILLIS, cap), (long) (random.nextDouble() * cap)));
    }

    /** A slow retry for a refusal that needs a person to act (a bad join token): between max/2 and max. */
    public synchronized Duration slow() {
        return Duration.ofMillis(maxMillis / 2 + (long) (random.nextDouble() * (maxMillis - maxMillis / 2)));
    }

    /** After a success the next failure starts from the initial delay again. */
    public synchronized void reset() {
        attempt = 0;
    }

    public synchronized int failures() {
        return attempt;
    }
}
