package io.bramble.agent.board;

import io.bramble.core.wire.BoardState;
import io.bramble.core.wire.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The board logic over whatever parts are present (real pins, sysfs LEDs, simulated ones): debounced
 * button, locate blinking with restore, status LEDs from health or an override, fan curve. One lock
 * guards all of it; timed work runs on the {@link Ticker}.
 */
final class PartsBoard implements Board {
    private static final Logger LOG = LoggerFactory.getLogger(PartsBoard.class);
    static final Duration MAX_LOCATE = Duration.ofHours(24);

    /** What the board is made of; absent parts are null and say why in their {@link BoardState.Part}. */
    static final class Parts {
        boolean simulated;
        DigitalIn button;
        Duration debounce = Duration.ofMillis(50);
        BoardState.Part buttonPart = BoardState.Part.absent("not configured in agent.yaml (board.button)");
        LocateOutput locateLed;
        BoardState.Part locatePart = BoardState.Part.absent("not configured in agent.yaml (board.locateLed)");
        Light statusLight;
        Map<StatusCondition, LedShow> shows = defaultShows();
        int diskFullPercent = 90;
        BoardState.Part statusPart = BoardState.Part.absent("not configured in agent.yaml (board.statusLeds)");
        PwmOut fan;
        BoardConfig.Fan fanConfig;
        HwmonFan kernelFan;
        BoardState.Part fanPart = BoardState.Part.absent("not configured in agent.yaml (board.fan)");
        AutoCloseable resources;

        static Map<StatusCondition, LedShow> defaultShows() {
            Map<StatusCondition, LedShow> m = new java.util.EnumMap<>(StatusCondition.class);
            for (StatusCondition c : StatusCondition.values()) m.put(c, c.defaultShow());
            return m;
        }
    }

    private final Object lock = new Object();
    private final Parts parts;
    private final Ticker ticker;
    private final Clock clock;
    private final List<Runnable> pressListeners = new CopyOnWriteArrayList<>();
    private final Debouncer debouncer;
    private final Blinker locateBlinker;
    private final Blinker statusBlinker;
    private final FanCurve curve;

    private boolean closed;
    private boolean locating;
    private Ticker.Task locateEnd;
    private Instant locateUntil;
    private String health;
    private Sample latest;
    private boolean centerLocated;
    private LedShow override;
    private FanMode fanMode = FanMode.auto();
    private boolean temperatureKnown;
    private Integer fanPercent;
    private Ticker.Task fanStale;

    PartsBoard(Parts parts, Ticker ticker, Clock clock) {
        this.parts = parts;
        this.ticker = ticker;
        this.clock = clock;
        this.locateBlinker = parts.locateLed == null ? null : new Blinker(ticker, Light.of(parts.locateLed), lock);
        this.statusBlinker = parts.statusLight == null ? null : new Blinker(ticker, parts.statusLight, lock);
        this.curve = parts.fan == null ? null : new FanCurve(parts.fanConfig.curve(), parts.fanConfig.hysteresis());
        if (parts.button != null) {
            debouncer = new Debouncer(ticker, parts.debounce, lock, parts.button.active(), this::pressed);
            parts.button.onChange(debouncer::edge);
        } else {
            debouncer = null;
        }
        synchronized (lock) {
            refreshStatus();
            applyFan();
        }
    }

    void pressed() {
        LOG.info("board: locate button pressed");
        for (Runnable l : pressListeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("board: a button listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public void onButtonPress(Runnable listener) {
        pressListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void locate(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(MAX_LOCATE) > 0)
            throw new IllegalArgumentException("locate duration must be between 1s and 24h (got " + duration.toSeconds() + "s)");
        synchronized (lock) {
            if (closed) return;
            if (locateEnd != null) locateEnd.cancel();
            if (!locating) {
                locating = true;
                if (locateBlinker != null) {
                    parts.locateLed.claim();
                    locateBlinker.show(LedColour.WHITE, LedPattern.FAST_BLINK);
                }
            }
            locateUntil = clock.instant().plus(duration);
            LOG.info("board: locating until {}", locateUntil);
            locateEnd = ticker.schedule(duration, this::clearLocate);
            refreshStatus();
        }
    }

    @Override
    public void clearLocate() {
        synchronized (lock) {
            if (locateEnd != null) locateEnd.cancel();
            locateEnd = null;
            locateUntil = null;
            if (!locating) return;
            locating = false;
            if (locateBlinker != null) {
                locateBlinker.off();
                parts.locateLed.release();
            }
            if (!closed) refreshStatus();
        }
    }

    @Override
    public void showHealth(String health, Sample latest, boolean located) {
        synchronized (lock) {
            this.health = health;
            this.latest = latest;
            this.centerLocated = located;
            if (!closed) refreshStatus();
        }
    }

    @Override
    public void setLed(LedColour colour, LedPattern pattern) {
        Objects.requireNonNull(colour, "colour");
        synchronized (lock) {
            if (statusBlinker == null)
                throw new IllegalStateException("this node has no status LEDs (" + parts.statusPart.detail() + ")");
            override = new LedShow(colour, pattern);
            if (!closed) refreshStatus();
        }
    }

    @Override
    public void clearLed() {
        synchronized (lock) {
            override = null;
            if (!closed) refreshStatus();
        }
    }

    /** The condition the status LEDs show now (or would show, without status LEDs). */
    StatusCondition condition() {
        synchronized (lock) {
            return StatusRules.evaluate(health, latest, centerLocated || locating, parts.diskFullPercent);
        }
    }

    private void refreshStatus() {
        if (statusBlinker == null) return;
        LedShow show = override != null ? override : parts.shows.get(condition());
        statusBlinker.show(show.colour(), show.pattern());
    }

    @Override
    public void setFan(FanMode mode) {
        Objects.requireNonNull(mode, "mode");
        synchronized (lock) {
            if (parts.fan == null)
                throw new IllegalStateException("this node has no fan the agent drives (" + parts.fanPart.detail() + ")");
            fanMode = mode;
            LOG.info("board: fan mode {}", mode);
            if (!closed) applyFan();
        }
    }

    @Override
    public void onTemperature(Double celsius) {
        synchronized (lock) {
            if (parts.fan == null || closed) return;
            temperatureKnown = celsius != null && !celsius.isNaN();
            if (temperatureKnown) curve.update(celsius);
            if (fanStale != null) fanStale.cancel();
            fanStale = ticker.schedule(parts.fanConfig.staleAfter(), this::temperatureStale);
            applyFan();
        }
    }

    private void temperatureStale() {
        synchronized (lock) {
            if (closed || !temperatureKnown) return;
            LOG.warn("board: no SoC temperature for {}; fan to 100 %", io.bramble.core.config.Durations.format(parts.fanConfig.staleAfter()));
            temperatureKnown = false;
            applyFan();
        }
    }

    private void applyFan() {
        if (parts.fan == null) return;
        int p = fanMode.automatic() ? (temperatureKnown ? curve.percent() : 100) : fanMode.percent();
        if (p > 0 && p < parts.fanConfig.minimum()) p = parts.fanConfig.minimum();
        if (fanPercent == null || fanPercent != p) {
            parts.fan.duty(p);
            fanPercent = p;
        }
    }

    @Override
    public BoardState state() {
        synchronized (lock) {
            String fanModeLabel = null;
            Integer percent = null;
            Integer rpm = null;
            if (parts.fan != null) {
                fanModeLabel = fanMode.label();
                percent = fanPercent;
            } else if (parts.kernelFan != null) {
                fanModeLabel = "kernel";
                percent = parts.kernelFan.percent();
                rpm = parts.kernelFan.rpm();
            }
            return new BoardState(parts.simulated, parts.buttonPart, parts.locatePart, parts.statusPart, parts.fanPart,
                    statusBlinker == null ? null : statusBlinker.colour().label(),
                    statusBlinker == null ? null : statusBlinker.pattern().label(),
                    override != null, locating, fanModeLabel, percent, rpm);
        }
    }

    /** When the running locate ends, by the board's clock; null when not locating. */
    Instant locateUntil() {
        synchronized (lock) {
            return locateUntil;
        }
    }

    /** The locate LED's level right now (tests, the simulated board). */
    boolean locateLedOn() {
        synchronized (lock) {
            return parts.locateLed != null && parts.locateLed.isOn();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
            if (fanStale != null) fanStale.cancel();
            clearLocate();
            if (statusBlinker != null) statusBlinker.off();
        }
        ticker.close();
        if (parts.resources != null) {
            try {
                parts.resources.close();
            } catch (Exception e) {
                LOG.warn("board: closing the pins failed: {}", e.toString());
            }
        }
    }
}
