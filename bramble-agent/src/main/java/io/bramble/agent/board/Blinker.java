package io.bramble.agent.board;

import java.time.Duration;

/**
 * Plays a colour and pattern on a {@link Light}: solid, or the pattern's on/off phases one after the
 * other on the {@link Ticker}. Guarded by the board's lock.
 */
final class Blinker {
    private final Ticker ticker;
    private final Light light;
    private final Object lock;
    private LedColour colour = LedColour.OFF;
    private LedPattern pattern = LedPattern.SOLID;
    private Ticker.Task task;
    private long generation;
    private boolean started;

    Blinker(Ticker ticker, Light light, Object lock) {
        this.ticker = ticker;
        this.light = light;
        this.lock = lock;
    }

    /** Shows {@code colour} with {@code pattern}; the same look again keeps its rhythm instead of restarting it. */
    void show(LedColour colour, LedPattern pattern) {
        synchronized (lock) {
            if (started && colour == this.colour && pattern == this.pattern) return;
            started = true;
            if (task != null) task.cancel();
            task = null;
            this.colour = colour;
            this.pattern = pattern;
            long gen = ++generation;
            if (pattern == LedPattern.SOLID || colour == LedColour.OFF) {
                light.show(colour);
            } else {
                phase(gen, 0);
            }
        }
    }

    /** Dark, and no more phases. */
    void off() {
        show(LedColour.OFF, LedPattern.SOLID);
    }

    LedColour colour() {
        synchronized (lock) {
            return colour;
        }
    }

    LedPattern pattern() {
        synchronized (lock) {
            return pattern;
        }
    }

    private void phase(long gen, int index) {
        synchronized (lock) {
            if (gen != generation) return;
            long[] phases = pattern.phasesMillis();
            light.show(index % 2 == 0 ? colour : LedColour.OFF);
            task = ticker.schedule(Duration.ofMillis(phases[index]), () -> phase(gen, (index + 1) % phases.length));
        }
    }
}
