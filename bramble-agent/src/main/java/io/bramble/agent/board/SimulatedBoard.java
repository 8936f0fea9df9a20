package io.bramble.agent.board;

import io.bramble.core.wire.BoardState;
import io.bramble.core.wire.Sample;
import java.time.Clock;
import java.time.Duration;

/**
 * A board made of simulated parts, for the demo and tests: a button to {@link #press()}, a locate LED,
 * an RGB status LED and a fan that follows the curve from {@link #onTemperature}. Its state says
 * {@code simulated: true} and every part's detail says "simulated"; it never touches hardware.
 */
public final class SimulatedBoard implements Board {
    private static final String SIMULATED = "simulated";
    private final SimulatedPin locateLed = new SimulatedPin();
    private volatile LedColour statusNow = LedColour.OFF;
    private volatile int fanDuty = -1;
    private final PartsBoard board;

    /** Default status mapping and fan curve. */
    public SimulatedBoard() {
        this(BoardConfig.NONE);
    }

    /** Takes the status mapping and fan curve from {@code config} when it has them. */
    public SimulatedBoard(BoardConfig config) {
        this(config, new ExecutorTicker(), Clock.systemUTC());
    }

    SimulatedBoard(BoardConfig config, Ticker ticker, Clock clock) {
        PartsBoard.Parts p = new PartsBoard.Parts();
        p.simulated = true;
        p.buttonPart = BoardState.Part.present(SIMULATED);
        p.locateLed = LocateOutput.of(locateLed);
        p.locatePart = BoardState.Part.present(SIMULATED);
        p.statusLight = c -> statusNow = c;
        if (config.statusLeds() != null) {
            p.shows = config.statusLeds().shows();
            p.diskFullPercent = config.statusLeds().diskFullPercent();
        }
        p.statusPart = BoardState.Part.present(SIMULATED);
        p.fan = percent -> fanDuty = percent;
        p.fanConfig = config.fan() != null ? config.fan()
                : new BoardConfig.Fan(18, null, null, null, null, null, null, null);
        p.fanPart = BoardState.Part.present(SIMULATED);
        board = new PartsBoard(p, ticker, clock);
    }

    /** A press of the simulated button, as if debounced: the press listeners run now. */
    public void press() {
        board.pressed();
    }

    /** Whether the simulated locate LED is lit at this instant (it blinks while locating). */
    public boolean locateLedOn() {
        return locateLed.isOn();
    }

    /** The colour the simulated status LED shows at this instant (OFF in a blink's dark phase). */
    public LedColour statusLedNow() {
        return statusNow;
    }

    /** The duty the simulated fan is driven at. */
    public int fanPercent() {
        return fanDuty;
    }

    @Override
    public void onButtonPress(Runnable listener) {
        board.onButtonPress(listener);
    }

    @Override
    public void locate(Duration duration) {
        board.locate(duration);
    }

    @Override
    public void clearLocate() {
        board.clearLocate();
    }

    @Override
    public void showHealth(String health, Sample latest, boolean located) {
        board.showHealth(health, latest, located);
    }

    @Override
    public void setLed(LedColour colour, LedPattern pattern) {
        board.setLed(colour, pattern);
    }

    @Override
    public void clearLed() {
        board.clearLed();
    }

    @Override
    public void setFan(FanMode mode) {
        board.setFan(mode);
    }

    @Override
    public void onTemperature(Double celsius) {
        board.onTemperature(celsius);
    }

    @Override
    public BoardState state() {
        return board.state();
    }

    @Override
    public void close() {
        board.close();
    }
}
