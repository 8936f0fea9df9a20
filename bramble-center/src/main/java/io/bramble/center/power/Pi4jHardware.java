package io.bramble.center.power;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;

/**
 * The GPIO pins and I²C devices the power drivers use, through one Pi4J context created only when
 * an outlet needs it (so a center on a PC never loads native GPIO code). Tests pass a context on
 * Pi4J's mock platform.
 */
public final class Pi4jHardware implements AutoCloseable {
    private final Supplier<Context> factory;
    private volatile Context context;
    private final Map<Integer, DigitalOutput> pins = new ConcurrentHashMap<>();
    private final Map<String, I2C> devices = new ConcurrentHashMap<>();

    public Pi4jHardware(Supplier<Context> factory) {
        this.factory = factory;
    }

    /** The real thing: Pi4J finds the platform's providers (libgpiod for GPIO, /dev/i2c-* for I²C). */
    public static Pi4jHardware auto() {
        return new Pi4jHardware(Pi4J::newAutoContext);
    }

    private synchronized Context context() {
        if (context == null) {
            try {
                context = factory.get();
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot open GPIO/I²C through Pi4J: " + e.getMessage()
                        + " (gpio and clusterhat outlets need the center to run on a Pi with GPIO and I²C enabled)", e);
            }
        }
        return context;
    }

    /**
     * A GPIO pin (BCM number) as an output. It starts at the level that keeps the Pi on: switching a
     * cluster off because the center restarted would be worse than leaving it on, and
     * power.restoreOnStart then sets the remembered state.
     */
    public DigitalOutput pin(int bcm, boolean activeLow) {
        return pins.computeIfAbsent(bcm, b -> {
            Context c = context();
            DigitalOutputConfig cfg = DigitalOutput.newConfigBuilder(c).id("bramble-power-gpio" + b).name("bramble power relay GPIO " + b)
                    .address(b).initial(activeLow ? DigitalState.LOW : DigitalState.HIGH).build();
            return c.create(cfg);
        });
    }

    public I2C i2c(int bus, int address) {
        return devices.computeIfAbsent(bus + ":" + address, k -> {
            Context c = context();
            I2CConfig cfg = I2C.newConfigBuilder(c).id("bramble-power-i2c-" + bus + "-" + Integer.toHexString(address))
                    .name("bramble power expander").bus(bus).device(address).build();
            return c.create(cfg);
        });
    }

    @Override
    public synchronized void close() {
        if (context != null) context.shutdown();
    }
}
