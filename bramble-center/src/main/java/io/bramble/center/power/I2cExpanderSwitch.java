package io.bramble.center.power;

import java.io.IOException;

import com.pi4j.io.i2c.I2C;

/**
 * One output bit of an 8-bit I²C I/O expander with the PCA9554/XRA1200 register layout (output
 * register 1, configuration register 3, a 0 bit in it meaning output): how a Cluster HAT v2 switches
 * the power of its Pi Zeros (XRA1200 at 0x20, P1 to P4 on bits 0 to 3). Each switch reads the
 * registers first and changes only its own bit, so other outlets and the HAT's LEDs keep their state.
 */
public final class I2cExpanderSwitch implements PowerSwitch {
    static final int OUTPUT = 0x01;
    static final int CONFIG = 0x03;

    private final I2C i2c;
    private final int bit;
    private final boolean activeLow;

    I2cExpanderSwitch(I2C i2c, int bit, boolean activeLow) {
        if (bit < 0 || bit > 7) throw new IllegalArgumentException("bit must be between 0 and 7 (got " + bit + ")");
        this.i2c = i2c;
        this.bit = bit;
        this.activeLow = activeLow;
    }

    @Override
    public String driver() {
        return "clusterhat";
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
        // the expander shares one bus and one register with the other outlets: one change at a time
        synchronized (i2c) {
            try {
                int config = read(CONFIG);
                if ((config & (1 << bit)) != 0) i2c.writeRegister(CONFIG, (byte) (config & ~(1 << bit)));
                int out = read(OUTPUT);
                int next = high ? out | (1 << bit) : out & ~(1 << bit);
                i2c.writeRegister(OUTPUT, (byte) next);
            } catch (RuntimeException e) {
                throw failure(e);
            }
        }
    }

    @Override
    public State status() throws IOException {
        synchronized (i2c) {
            try {
                boolean high = (read(OUTPUT) & (1 << bit)) != 0;
                return high != activeLow ? State.ON : State.OFF;
            } catch (RuntimeException e) {
                throw failure(e);
            }
        }
    }

    private int read(int register) {
        // Pi4J reports a failed transfer as an exception; some providers hand the byte back signed
        return i2c.readRegister(register) & 0xff;
    }

    private IOException failure(RuntimeException e) {
        return new IOException("I²C expander at bus " + i2c.bus() + " address 0x" + Integer.toHexString(i2c.device()) + " bit " + bit
                + ": " + e.getMessage() + " (is I²C enabled and the HAT fitted?)", e);
    }
}
