package io.bramble.agent.board;

import java.time.Duration;

/**
 * Turns a bouncing button input into presses: a press is a change to active that stays active for the
 * debounce time, and the next press needs a release that stays released as long. A button held down
 * when the agent starts is not a press. Guarded by the board's lock.
 */
final class Debouncer {
    private final Ticker ticker;
    private final Duration debounce;
    private final Object lock;
    private final Runnable onPress;
    private boolean level;
    private boolean pressed;
    private Ticker.Task pending;

    Debouncer(Ticker ticker, Duration debounce, Object lock, boolean initialLevel, Runnable onPress) {
        this.ticker = ticker;
        this.debounce = debounce;
        this.lock = lock;
        this.onPress = onPress;
        this.level = initialLevel;
        this.pressed = initialLevel;
    }

    /** The input changed to {@code active}; the decision waits until it has been stable for the debounce time. */
    void edge(boolean active) {
        synchronized (lock) {
            if (active == level) return;
            level = active;
            if (pending != null) pending.cancel();
            pending = ticker.schedule(debounce, () -> settle(active));
        }
    }

    private void settle(boolean active) {
        boolean fire = false;
        synchronized (lock) {
            if (level != active) return; // a later edge superseded this one
            pending = null;
            if (active && !pressed) {
                pressed = true;
                fire = true;
            } else if (!active) {
                pressed = false;
            }
        }
        if (fire) onPress.run();
    }

    /** True while a debounced press is held. */
    boolean pressed() {
        synchronized (lock) {
            return pressed;
        }
    }
}
