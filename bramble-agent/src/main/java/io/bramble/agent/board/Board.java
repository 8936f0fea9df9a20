package io.bramble.agent.board;

import io.bramble.core.wire.BoardState;
import io.bramble.core.wire.Sample;
import java.time.Duration;

/**
 * The node's physical parts the center can drive: locate button, locate LED, status LEDs, fan.
 * Thread-safe. Open one with {@link Boards#open}; a part that is absent says why in {@link #state()}.
 */
public interface Board extends AutoCloseable {
    /**
     * Registers a listener called once per debounced press of the locate button, on the board's
     * thread: keep it short (queue an event) or hand the work off.
     */
    void onButtonPress(Runnable listener);

    /**
     * Blinks the locate LED for {@code duration} (1 s .. 24 h), then restores it; a new call replaces
     * the running one. Without a locate LED only the status LEDs show "located".
     */
    void locate(Duration duration);

    /** Stops blinking now and restores the locate LED. */
    void clearLocate();

    /**
     * The status LEDs follow the configured mapping for the center's {@code health} ("up", "degraded",
     * null when unknown), the latest sample (under-voltage, throttling, full disk) and {@code located}.
     * Does nothing visible while an operator override is set, but is remembered for {@link #clearLed()}.
     */
    void showHealth(String health, Sample latest, boolean located);

    /**
     * An operator's override of the status LEDs until {@link #clearLed()}.
     *
     * @throws IllegalStateException when the node has no status LEDs
     */
    void setLed(LedColour colour, LedPattern pattern);

    /** Back to following health. */
    void clearLed();

    /**
     * {@link FanMode#auto()} follows the curve; {@link FanMode#fixed(int)} holds a duty.
     *
     * @throws IllegalStateException when the node has no fan the agent drives
     */
    void setFan(FanMode mode);

    /**
     * Each sample's SoC temperature; null means unknown, and then a fan in auto mode runs at 100 %.
     */
    void onTemperature(Double celsius);

    /** What is present and what it is doing now. */
    BoardState state();

    /** Releases pins, restores the ACT LED trigger, stops the board's thread. Idempotent. */
    @Override
    void close();
}
