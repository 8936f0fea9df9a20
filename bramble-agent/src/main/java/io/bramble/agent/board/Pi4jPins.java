package io.bramble.agent.board;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The board's GPIO pins and PWM channel through one Pi4J context, created on first use so that an
 * agent with no GPIO part never loads Pi4J's native code. Tests pass a context on Pi4J's mock platform.
 */
final class Pi4jPins implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pi4jPins.class);
    private final Supplier<Context> factory;
    private Context context;
    private boolean closed;

    Pi4jPins(Supplier<Context> factory) {
        this.factory = factory;
    }

    /** libgpiod for the digital pins, the kernel's PWM sysfs for the fan (only the providers the board needs). */
    static Supplier<Context> real(int pwmChip) {
        return () -> Pi4J.newContextBuilder()
                .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                .add(LinuxFsPwmProvider.newInstance("/sys/class/pwm", pwmChip))
                .build();
    }

    private synchronized Context context() {
        if (closed) throw new IllegalStateException("the board is closed");
        if (context == null) {
            try {
                context = factory.get();
            } catch (RuntimeException | LinkageError e) {
                throw new IllegalStateException("Pi4J could not open GPIO: " + message(e), e);
            }
        }
        return context;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    DigitalIn input(String id, int bcm, BoardConfig.Pull pull, boolean activeLow) {
        Context c = context();
        DigitalInput in;
        try {
            in = c.create(DigitalInput.newConfigBuilder(c).id(id).name("bramble " + id + " GPIO " + bcm).address(bcm)
                    .pull(switch (pull) {
                        case UP -> PullResistance.PULL_UP;
                        case DOWN -> PullResistance.PULL_DOWN;
                        case OFF -> PullResistance.OFF;
                    }).build());
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("Pi4J could not open GPIO " + bcm + " as an input: " + message(e), e);
        }
        return new DigitalIn() {
            @Override
            public boolean active() {
                return in.state() == (activeLow ? DigitalState.LOW : DigitalState.HIGH);
            }

            @Override
            public void onChange(Consumer<Boolean> listener) {
                in.addListener(e -> listener.accept(e.state() == (activeLow ? DigitalState.LOW : DigitalState.HIGH)));
            }
        };
    }

    DigitalOut output(String id, int bcm, boolean activeLow) {
        Context c = context();
        DigitalState off = activeLow ? DigitalState.HIGH : DigitalState.LOW;
        DigitalOutput out;
        try {
            out = c.create(DigitalOutput.newConfigBuilder(c).id(id).name("bramble " + id + " GPIO " + bcm).address(bcm)
                    .initial(off).shutdown(off).build());
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("Pi4J could not open GPIO " + bcm + " as an output: " + message(e), e);
        }
        return new DigitalOut() {
            @Override
            public void set(boolean on) {
                try {
                    out.state(on == activeLow ? DigitalState.LOW : DigitalState.HIGH);
                } catch (RuntimeException e) {
                    LOG.warn("board: cannot set GPIO {} ({}): {}", bcm, id, message(e));
                }
            }

            @Override
            public boolean isOn() {
                return out.state() == (activeLow ? DigitalState.LOW : DigitalState.HIGH);
            }
        };
    }

    /** A hardware PWM channel; when the agent stops, Pi4J leaves it at 100 % so the Pi stays cooled. */
    PwmOut pwm(String id, int channel, int frequency) {
        Context c = context();
        Pwm pwm;
        try {
            pwm = c.create(Pwm.newConfigBuilder(c).id(id).name("bramble " + id + " PWM channel " + channel).address(channel)
                    .pwmType(PwmType.HARDWARE).frequency(frequency).initial(100).shutdown(100).build());
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("Pi4J could not open PWM channel " + channel + ": " + message(e), e);
        }
        return percent -> {
            try {
                if (percent <= 0) pwm.off();
                else pwm.on(percent, frequency);
            } catch (RuntimeException e) {
                LOG.warn("board: cannot set the fan PWM (channel {}) to {} %: {}", channel, percent, message(e));
            }
        };
    }

    /** Whether a context was ever created (tests check that an agent without GPIO parts never makes one). */
    synchronized boolean opened() {
        return context != null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (context != null) {
            try {
                context.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("board: Pi4J shutdown failed: {}", message(e));
            }
        }
    }
}
