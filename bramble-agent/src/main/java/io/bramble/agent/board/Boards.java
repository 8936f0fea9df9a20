package io.bramble.agent.board;

import com.pi4j.context.Context;
import io.bramble.core.wire.BoardState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the board an agent.yaml describes: Pi4J pins for the configured GPIO parts (libgpiod for
 * digital pins, the kernel's PWM sysfs for the fan), the ACT LED as locate LED when no GPIO LED is
 * configured, the Raspberry Pi 5 fan connector read from hwmon. A part that cannot be opened is absent
 * and says why; the agent runs on regardless.
 */
public final class Boards {
    private static final Logger LOG = LoggerFactory.getLogger(Boards.class);

    private Boards() {}

    /**
     * @param root  the directory treated as "/" for /sys, /dev and /proc (the agent's collect.root)
     * @param clock the agent's clock
     */
    public static Board open(BoardConfig config, Path root, Clock clock) {
        return open(config, root, clock, null, new ExecutorTicker());
    }

    /** As {@link #open(BoardConfig, Path, Clock)}, with Pi4J contexts from {@code pi4j} (null: the real providers). */
    static Board open(BoardConfig config, Path root, Clock clock, Supplier<Context> pi4j, Ticker ticker) {
        if (config == null) config = BoardConfig.NONE;
        if (config.simulated()) return new SimulatedBoard(config, ticker, clock);
        PartsBoard.Parts parts = new PartsBoard.Parts();
        boolean rp1 = isPi5(root);

        // the fan's PWM chip must be known before the Pi4J context exists: the PWM provider is made for one chip
        int pwmChip = 0;
        String fanChipProblem = null;
        if (config.fan() != null) {
            try {
                pwmChip = pwmChip(root, config.fan().chip(), rp1);
            } catch (IllegalStateException e) {
                fanChipProblem = e.getMessage();
            }
        }

        Pi4jPins pins = null;
        String noGpio = null;
        if (config.usesGpio()) {
            if (!hasGpioChip(root)) {
                noGpio = "no /dev/gpiochip* on this machine (not a Raspberry Pi, or GPIO is not visible to the agent)";
            } else {
                pins = new Pi4jPins(pi4j != null ? pi4j : Pi4jPins.real(pwmChip));
                parts.resources = pins;
            }
        }

        BoardConfig.Button b = config.button();
        if (b != null) {
            if (pins == null) {
                parts.buttonPart = BoardState.Part.absent(noGpio);
            } else {
                try {
                    parts.button = pins.input("button", b.pin(), b.pull(), b.active() == BoardConfig.Active.LOW);
                    parts.debounce = b.debounce();
                    parts.buttonPart = BoardState.Part.present(b.describe());
                } catch (IllegalStateException e) {
                    parts.buttonPart = absent("button", e.getMessage());
                }
            }
        }

        BoardConfig.LocateLed l = config.locateLed();
        if (l != null && !l.enabled()) {
            parts.locatePart = BoardState.Part.absent("switched off in agent.yaml (board.locateLed.enabled: false)");
        } else if (l != null && l.pin() != null) {
            if (pins == null) {
                parts.locatePart = BoardState.Part.absent(noGpio);
            } else {
                try {
                    parts.locateLed = LocateOutput.of(pins.output("locate-led", l.pin(), l.active() == BoardConfig.Active.LOW));
                    parts.locatePart = BoardState.Part.present("GPIO " + l.pin() + " via gpiod, active " + l.active().label());
                } catch (IllegalStateException e) {
                    parts.locatePart = absent("locate LED", e.getMessage());
                }
            }
        } else {
            try {
                SysfsLed led = SysfsLed.open(root, l == null ? null : l.sysfs());
                parts.locateLed = led;
                parts.locatePart = BoardState.Part.present(led.describe());
            } catch (IllegalStateException e) {
                parts.locatePart = BoardState.Part.absent(e.getMessage()
                        + (l == null ? "; a GPIO LED can be set as board.locateLed.pin" : ""));
            }
        }

        BoardConfig.StatusLeds s = config.statusLeds();
        if (s != null) {
            parts.shows = s.shows();
            parts.diskFullPercent = s.diskFullPercent();
            if (pins == null) {
                parts.statusPart = BoardState.Part.absent(noGpio);
            } else {
                try {
                    boolean low = s.active() == BoardConfig.Active.LOW;
                    parts.statusLight = s.rgb()
                            ? Light.rgb(s.red() == null ? null : pins.output("status-red", s.red(), low),
                                    s.green() == null ? null : pins.output("status-green", s.green(), low),
                                    s.blue() == null ? null : pins.output("status-blue", s.blue(), low))
                            : Light.of(pins.output("status-led", s.pin(), low));
                    parts.statusPart = BoardState.Part.present(s.describe());
                } catch (IllegalStateException e) {
                    parts.statusPart = absent("status LEDs", e.getMessage());
                }
            }
        }

        BoardConfig.Fan f = config.fan();
        if (f != null) {
            int channel = f.channel() != null ? f.channel() : defaultChannel(f.pin(), rp1);
            if (pins == null) {
                parts.fanPart = BoardState.Part.absent(noGpio);
            } else if (fanChipProblem != null) {
                parts.fanPart = absent("fan", fanChipProblem);
            } else {
                try {
                    parts.fan = pins.pwm("fan", channel, f.frequency());
                    parts.fanConfig = f;
                    parts.fanPart = BoardState.Part.present("GPIO " + f.pin() + " hardware PWM (pwmchip" + pwmChip + " channel " + channel
                            + ") via linuxfs, " + f.frequency() + " Hz");
                } catch (IllegalStateException e) {
                    parts.fanPart = absent("fan", e.getMessage());
                }
            }
        } else {
            HwmonFan kernelFan = HwmonFan.find(root);
            if (kernelFan != null) {
                parts.kernelFan = kernelFan;
                parts.fanPart = BoardState.Part.present(kernelFan.describe());
            }
        }
        return new PartsBoard(parts, ticker, clock);
    }

    private static BoardState.Part absent(String what, String why) {
        LOG.warn("board: no {}: {}", what, why);
        return BoardState.Part.absent(why);
    }

    static boolean hasGpioChip(Path root) {
        Path dev = root.resolve("dev");
        if (!Files.isDirectory(dev)) return false;
        try (Stream<Path> s = Files.list(dev)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("gpiochip"));
        } catch (IOException e) {
            return false;
        }
    }

    /** A Raspberry Pi 5 or CM5: GPIO and PWM on the RP1 chip. */
    static boolean isPi5(Path root) {
        for (String f : List.of("proc/device-tree/compatible", "proc/device-tree/model")) {
            try {
                String text = Files.readString(root.resolve(f), StandardCharsets.ISO_8859_1);
                if (text.contains("bcm2712") || text.contains("Raspberry Pi 5") || text.contains("Compute Module 5")) return true;
            } catch (IOException e) {
                // absent off a Pi
            }
        }
        return false;
    }

    /** The PWM channel a header pin drives: BCM283x/2711 have 2 channels, RP1 (Pi 5) has 4. */
    static int defaultChannel(int pin, boolean rp1) {
        return switch (pin) {
            case 12 -> 0;
            case 13 -> 1;
            case 18 -> rp1 ? 2 : 0;
            case 19 -> rp1 ? 3 : 1;
            default -> throw new IllegalArgumentException("GPIO " + pin + " has no hardware PWM");
        };
    }

    /**
     * The pwmchip number for the header's PWM block: the configured one if it exists, else the chip whose
     * device is the SoC's PWM (…20c000.pwm) or RP1's (1f00098000.pwm; RP1's other one drives the Pi 5 fan).
     */
    static int pwmChip(Path root, Integer configured, boolean rp1) {
        Path pwm = root.resolve("sys/class/pwm");
        String enable = "add dtoverlay=pwm,pin=18,func=2 (for GPIO 18) to /boot/firmware/config.txt and reboot; see docs/hardware.md";
        if (configured != null) {
            if (!Files.exists(pwm.resolve("pwmchip" + configured)))
                throw new IllegalStateException("/sys/class/pwm/pwmchip" + configured + " not found: " + enable);
            return configured;
        }
        List<Path> chips = new ArrayList<>();
        if (Files.isDirectory(pwm)) {
            try (Stream<Path> s = Files.list(pwm)) {
                s.filter(p -> p.getFileName().toString().matches("pwmchip\\d+")).sorted().forEach(chips::add);
            } catch (IOException e) {
                // treated as no chip
            }
        }
        if (chips.isEmpty()) throw new IllegalStateException("no PWM chip under /sys/class/pwm: " + enable);
        String block = rp1 ? "1f00098000.pwm" : "20c000.pwm";
        for (Path c : chips) {
            try {
                if (Files.isSymbolicLink(c) && Files.readSymbolicLink(c).toString().contains(block)) return number(c);
            } catch (IOException e) {
                // try the next
            }
        }
        if (chips.size() == 1 && !rp1) return number(chips.get(0));
        throw new IllegalStateException("cannot tell which of " + chips.stream().map(p -> p.getFileName().toString()).toList()
                + " drives GPIO pins; set board.fan.chip (ls -l /sys/class/pwm shows each chip's device)");
    }

    private static int number(Path chip) {
        return Integer.parseInt(chip.getFileName().toString().substring("pwmchip".length()));
    }
}
