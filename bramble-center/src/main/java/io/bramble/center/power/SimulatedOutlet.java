package io.bramble.center.power;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's outlet for a simulated Pi: remembers its state in memory and tells the attached
 * {@link Device} (the simulated Pi's agent) when its power goes off or comes back. Starts on, like
 * a plug whose Pi was running when the center started.
 */
public final class SimulatedOutlet implements PowerSwitch {
    /** What the outlet feeds; the demo stops and restarts a simulated agent. */
    public interface Device {
        void powerOff();

        void powerOn();
    }

    private final double watts;
    private volatile State state = State.ON;
    private volatile Device device;
    private final AtomicInteger switches = new AtomicInteger();

    public SimulatedOutlet(double watts) {
        this.watts = watts;
    }

    /** Attaches what the outlet feeds; if the outlet is already off (restored at start), the device is powered off at once. */
    public synchronized void attach(Device d) {
        this.device = d;
        if (state == State.OFF) d.powerOff();
    }

    @Override
    public String driver() {
        return "simulated";
    }

    @Override
    public synchronized void on() throws IOException {
        switches.incrementAndGet();
        if (state == State.ON) return;
        state = State.ON;
        Device d = device;
        if (d != null) d.powerOn();
    }

    @Override
    public synchronized void off() throws IOException {
        switches.incrementAndGet();
        if (state == State.OFF) return;
        state = State.OFF;
        Device d = device;
        if (d != null) d.powerOff();
    }

    @Override
    public State status() {
        return state;
    }

    /** How many times it was switched on or off; for tests. */
    public int switches() {
        return switches.get();
    }

    @Override
    public Optional<Reading> read() {
        return Optional.of(new Reading(state == State.ON ? watts : 0.0, null, 5.1, state == State.ON ? watts / 5.1 : 0.0));
    }
}
