package io.bramble.center.power;

import java.io.IOException;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;

/**
 * A relay on a GPIO pin of the host running the center (through Pi4J and libgpiod), its contact in
 * the Pi's 5 V line. Most relay boards switch on a low input ({@code activeLow: true}).
 */
public final class GpioRelaySwitch implements PowerSwitch {
    private final DigitalOutput pin;
    private final boolean activeLow;

    GpioRelaySwitch(DigitalOutput pin, boolean activeLow) {
        this.pin = pin;
        this.activeLow = activeLow;
    }

    @Override
    public String driver() {
        return "gpio";
    }

    @Override
    public void on() throws IOException {
        set(!activeLow);
    }

    @Override
    public void off() throws IOException {
        set(activeLow);
    }

    private void set(boolean high) throws IOException {
        try {
            if (high) pin.high();
            else pin.low();
        } catch (RuntimeException e) {
            throw new IOException("cannot drive GPIO " + pin.address() + ": " + e.getMessage() + " (is the center allowed to use /dev/gpiochip*?)", e);
        }
    }

    @Override
    public State status() throws IOException {
        DigitalState s;
        try {
            s = pin.state();
        } catch (RuntimeException e) {
            throw new IOException("cannot read GPIO " + pin.address() + ": " + e.getMessage(), e);
        }
        if (s == null || s == DigitalState.UNKNOWN) return State.UNKNOWN;
        return s.isHigh() != activeLow ? State.ON : State.OFF;
    }
}
