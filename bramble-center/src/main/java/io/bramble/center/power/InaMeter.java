package io.bramble.center.power;

import java.io.IOException;
import java.util.Optional;

import com.pi4j.io.i2c.I2C;

/**
 * An INA219 or INA226 current/voltage monitor over I²C, on the 5 V line of one Pi. Reads the shunt
 * and bus voltage registers directly (no calibration register needed): current is the shunt voltage
 * over {@code shuntOhms}, power is bus voltage times current. INA219: shunt LSB 10 µV, bus voltage
 * in bits 15-3 with LSB 4 mV; INA226: shunt LSB 2.5 µV, bus LSB 1.25 mV. Registers are big-endian.
 */
public final class InaMeter {
    static final int SHUNT = 0x01;
    static final int BUS = 0x02;

    public enum Chip { INA219, INA226 }

    private final I2C i2c;
    private final Chip chip;
    private final double shuntOhms;

    InaMeter(I2C i2c, Chip chip, double shuntOhms) {
        if (!(shuntOhms > 0)) throw new IllegalArgumentException("shuntOhms must be above 0 (got " + shuntOhms + ")");
        this.i2c = i2c;
        this.chip = chip;
        this.shuntOhms = shuntOhms;
    }

    public PowerSwitch.Reading read() throws IOException {
        int shuntRaw;
        int busRaw;
        synchronized (i2c) {
            try {
                shuntRaw = (short) word(SHUNT);
                busRaw = word(BUS);
            } catch (RuntimeException e) {
                throw new IOException(chip + " at bus " + i2c.bus() + " address 0x" + Integer.toHexString(i2c.device()) + ": " + e.getMessage()
                        + " (is the sensor wired and I²C enabled?)", e);
            }
        }
        double shuntVolts = shuntRaw * (chip == Chip.INA219 ? 10e-6 : 2.5e-6);
        double busVolts = chip == Chip.INA219 ? (busRaw >> 3) * 4e-3 : busRaw * 1.25e-3;
        double amps = Math.max(0, shuntVolts / shuntOhms);
        return new PowerSwitch.Reading(round(busVolts * amps), null, round(busVolts), round(amps));
    }

    private int word(int register) {
        byte[] b = new byte[2];
        int n = i2c.readRegister(register, b, 0, 2);
        if (n != 2) throw new IllegalStateException("short read of register " + register + " (" + n + " bytes)");
        return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** An outlet whose meter is a separate INA sensor: switching goes to the outlet, readings come from the sensor. */
    static PowerSwitch metered(PowerSwitch outlet, InaMeter meter) {
        return new PowerSwitch() {
            @Override
            public String driver() { return outlet.driver(); }

            @Override
            public void on() throws IOException { outlet.on(); }

            @Override
            public void off() throws IOException { outlet.off(); }

            @Override
            public void cycle(java.time.Duration offFor) throws IOException { outlet.cycle(offFor); }

            @Override
            public State status() throws IOException { return outlet.status(); }

            @Override
            public Optional<Reading> read() throws IOException { return Optional.of(meter.read()); }
        };
    }
}
