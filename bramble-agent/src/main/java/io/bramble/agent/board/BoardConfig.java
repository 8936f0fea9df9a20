package io.bramble.agent.board;

import io.bramble.core.config.ConfigValueException;
import io.bramble.core.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code board:} section of agent.yaml: which button, LEDs and fan are wired to this Pi. Every part
 * is optional; pins are BCM GPIO numbers (0..27) and no pin may serve two parts. See docs/hardware.md.
 *
 * @param simulated  true: a {@link SimulatedBoard} (for the demo and tests) instead of real pins
 * @param button     the locate button
 * @param locateLed  the LED that blinks on "locate"; default: the board's ACT LED through sysfs
 * @param statusLeds one LED or an RGB LED following the node's health
 * @param fan        a fan on a hardware PWM pin
 */
public record BoardConfig(Boolean simulated, Button button, LocateLed locateLed, StatusLeds statusLeds, Fan fan) {
    /** Nothing wired: the ACT LED as locate LED if the Pi has one, nothing else. */
    public static final BoardConfig NONE = new BoardConfig(null, null, null, null, null);

    public BoardConfig {
        if (simulated == null) simulated = false;
        // keys in the order a person reads the file, so the second user of a pin is the one named
        Map<Integer, String> used = new LinkedHashMap<>();
        if (button != null) claim(used, "button.pin", button.pin());
        if (locateLed != null && locateLed.pin() != null) claim(used, "locateLed.pin", locateLed.pin());
        if (statusLeds != null) {
            claim(used, "statusLeds.pin", statusLeds.pin());
            claim(used, "statusLeds.red", statusLeds.red());
            claim(used, "statusLeds.green", statusLeds.green());
            claim(used, "statusLeds.blue", statusLeds.blue());
        }
        if (fan != null) claim(used, "fan.pin", fan.pin());
    }

    private static void claim(Map<Integer, String> used, String key, Integer pin) {
        if (pin == null) return;
        String first = used.putIfAbsent(pin, key);
        if (first != null)
            throw new ConfigValueException(key, "GPIO " + pin + " is already used by board." + first + "; each pin can serve one part");
    }

    /** True when some part needs a GPIO pin (and so Pi4J and its native code). */
    public boolean usesGpio() {
        return button != null || (locateLed != null && locateLed.pin() != null) || statusLeds != null || fan != null;
    }

    /** Whether a GPIO pin is driven high (active high) or pulled to ground (active low) to be "on". */
    public enum Active {
        HIGH, LOW;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The input's internal bias resistor. */
    public enum Pull { UP, DOWN, OFF }

    static int requirePin(String key, Integer pin) {
        if (pin == null)
            throw new ConfigValueException(key, "is required: the BCM GPIO number (0..27) the part is wired to");
        return ConfigValueException.requireBetween(key, pin, 0, 27);
    }

    /**
     * @param pin      BCM GPIO number
     * @param pull     internal resistor: {@code up} (default; button to GND), {@code down} (button to 3.3 V) or {@code off} (external resistor)
     * @param active   level while pressed; default {@code low} with pull up or off, {@code high} with pull down
     * @param debounce how long the pin must stay pressed (and released) to count, 1ms..1s, default 50ms
     */
    public record Button(Integer pin, Pull pull, Active active, Duration debounce) {
        public Button {
            requirePin("pin", pin);
            if (pull == null) pull = Pull.UP;
            if (active == null) active = pull == Pull.DOWN ? Active.HIGH : Active.LOW;
            if (debounce == null) debounce = Duration.ofMillis(50);
            ConfigValueException.requireBetween("debounce", debounce, Duration.ofMillis(1), Duration.ofSeconds(1));
        }

        String describe() {
            return "GPIO " + pin + " via gpiod, " + switch (pull) {
                case UP -> "pull-up";
                case DOWN -> "pull-down";
                case OFF -> "no pull (external resistor)";
            } + ", active " + active.label() + ", debounce " + Durations.format(debounce);
        }
    }

    /**
     * Either a GPIO LED ({@code pin}, {@code active}) or a sysfs LED ({@code sysfs}: a name under
     * /sys/class/leds). With neither, the ACT LED ({@code ACT}, or {@code led0} on older kernels).
     *
     * @param enabled false: no locate LED at all (the status LEDs still blink the "located" colour)
     */
    public record LocateLed(Integer pin, Active active, String sysfs, Boolean enabled) {
        public LocateLed {
            if (enabled == null) enabled = true;
            if (pin != null) requirePin("pin", pin);
            if (pin != null && sysfs != null)
                throw new ConfigValueException("sysfs", "set either pin (a GPIO LED) or sysfs (a board LED such as ACT), not both");
            if (active != null && pin == null)
                throw new ConfigValueException("active", "only applies to a GPIO LED; set pin too");
            if (active == null) active = Active.HIGH;
            if (sysfs != null) {
                sysfs = sysfs.strip();
                if (!sysfs.matches("[A-Za-z0-9_.:+-]{1,64}"))
                    throw new ConfigValueException("sysfs", "must be an LED name under /sys/class/leds such as ACT or led0 (got '" + sysfs + "')");
            }
            if (!enabled && (pin != null || sysfs != null))
                throw new ConfigValueException("enabled", "is false but a pin or sysfs LED is set; remove one");
        }
    }

    /**
     * One LED on {@code pin}, or an RGB LED (or a two-colour one) on {@code red}, {@code green}, {@code blue}.
     *
     * @param diskFullPercent a filesystem at least this full (50..100 %, default 90) shows {@code diskFull}
     * @param show            condition → "colour [pattern]"; unset conditions keep their default
     */
    public record StatusLeds(Integer pin, Integer red, Integer green, Integer blue, Active active,
                             Integer diskFullPercent, Map<String, String> show) {
        public StatusLeds {
            boolean rgb = red != null || green != null || blue != null;
            if (pin != null && rgb)
                throw new ConfigValueException("pin", "set either pin (one LED) or red/green/blue (an RGB LED), not both");
            if (pin == null && !rgb)
                throw new ConfigValueException("pin", "is required: set pin for one LED, or red, green and blue for an RGB LED");
            if (pin != null) requirePin("pin", pin);
            if (red != null) requirePin("red", red);
            if (green != null) requirePin("green", green);
            if (blue != null) requirePin("blue", blue);
            if (active == null) active = Active.HIGH;
            if (diskFullPercent == null) diskFullPercent = 90;
            ConfigValueException.requireBetween("diskFullPercent", diskFullPercent, 50, 100);
            Map<String, String> complete = new LinkedHashMap<>();
            for (StatusCondition c : StatusCondition.values()) complete.put(c.key(), c.defaultShow().toString());
            if (show != null) {
                for (Map.Entry<String, String> e : show.entrySet()) {
                    String key = "show." + e.getKey();
                    if (!complete.containsKey(e.getKey()))
                        throw new ConfigValueException(key, "unknown condition; known: " + StatusCondition.keys());
                    LedShow s;
                    try {
                        s = LedShow.parse(e.getValue());
                    } catch (IllegalArgumentException ex) {
                        throw new ConfigValueException(key, ex.getMessage());
                    }
                    complete.put(e.getKey(), s.toString());
                }
            }
            if (rgb) {
                for (Map.Entry<String, String> e : complete.entrySet()) {
                    LedColour c = LedShow.parse(e.getValue()).colour();
                    List<String> missing = new ArrayList<>();
                    if (c.red() && red == null) missing.add("red");
                    if (c.green() && green == null) missing.add("green");
                    if (c.blue() && blue == null) missing.add("blue");
                    if (!missing.isEmpty())
                        throw new ConfigValueException("show." + e.getKey(), c.label() + " needs the " + String.join(" and ", missing)
                                + " pin" + (missing.size() > 1 ? "s" : "") + "; wire it or choose a colour this LED has");
                }
            }
            show = Collections.unmodifiableMap(complete);
        }

        public boolean rgb() {
            return pin == null;
        }

        /** The look for each condition, defaults filled in. */
        public Map<StatusCondition, LedShow> shows() {
            Map<StatusCondition, LedShow> m = new EnumMap<>(StatusCondition.class);
            show.forEach((k, v) -> m.put(StatusCondition.ofKey(k), LedShow.parse(v)));
            return m;
        }

        String describe() {
            String pins = rgb() ? "RGB LED on GPIO " + (red == null ? "-" : red) + "/" + (green == null ? "-" : green) + "/"
                    + (blue == null ? "-" : blue) + " (red/green/blue)" : "LED on GPIO " + pin;
            return pins + " via gpiod, active " + active.label();
        }
    }

    /** One step of the fan curve: at or above {@code temp} °C the fan runs at {@code percent}. */
    public record CurvePoint(Double temp, Integer percent) {
        public CurvePoint {
            if (temp == null) throw new ConfigValueException("temp", "is required (°C)");
            if (percent == null) throw new ConfigValueException("percent", "is required (0..100)");
            if (temp < 0 || temp > 110 || temp.isNaN())
                throw new ConfigValueException("temp", "must be between 0 and 110 °C (got " + temp + ")");
            ConfigValueException.requireBetween("percent", percent, 0, 100);
        }
    }

    /**
     * A fan switched by a transistor on a hardware PWM pin.
     *
     * @param pin        12, 13, 18 or 19 (the header's hardware PWM pins)
     * @param chip       /sys/class/pwm/pwmchipN; default: found by the pin's PWM block (Pi 4: the one PWM chip, Pi 5: RP1's)
     * @param channel    PWM channel on that chip; default from the pin (Pi 4: 12/18 → 0, 13/19 → 1; Pi 5: 12→0, 13→1, 18→2, 19→3)
     * @param frequency  PWM frequency in Hz, 10..100000, default 25000 (inaudible; try 100 for a fan that stalls)
     * @param curve      steps by rising temperature; below the first the fan is off
     * @param hysteresis °C the temperature must fall below a step before the fan slows, 0..20, default 5
     * @param minimum    lowest running duty (0..100 %, default 0): a lower non-zero duty is raised to it so the fan does not stall
     * @param staleAfter with no temperature for this long the fan goes to 100 %, 5s..1h, default 1m
     */
    public record Fan(Integer pin, Integer chip, Integer channel, Integer frequency, List<CurvePoint> curve,
                      Double hysteresis, Integer minimum, Duration staleAfter) {
        public static final List<CurvePoint> DEFAULT_CURVE = List.of(new CurvePoint(50.0, 30), new CurvePoint(60.0, 50),
                new CurvePoint(67.5, 70), new CurvePoint(75.0, 100));

        public Fan {
            requirePin("pin", pin);
            if (pin != 12 && pin != 13 && pin != 18 && pin != 19)
                throw new ConfigValueException("pin", "must be a hardware PWM pin: 12, 13, 18 or 19 (got " + pin + ")");
            if (chip != null) ConfigValueException.requireBetween("chip", chip, 0, 15);
            if (channel != null) ConfigValueException.requireBetween("channel", channel, 0, 3);
            if (frequency == null) frequency = 25_000;
            ConfigValueException.requireBetween("frequency", frequency, 10, 100_000);
            if (curve == null || curve.isEmpty()) curve = DEFAULT_CURVE;
            for (int i = 0; i < curve.size(); i++) {
                if (curve.get(i) == null) throw new ConfigValueException("curve[" + i + "]", "is empty; write {temp: 60, percent: 50}");
                if (i > 0 && curve.get(i).temp() <= curve.get(i - 1).temp())
                    throw new ConfigValueException("curve[" + i + "].temp", "must be above the previous step's "
                            + curve.get(i - 1).temp() + " °C: list the steps by rising temperature (got " + curve.get(i).temp() + ")");
            }
            curve = List.copyOf(curve);
            if (hysteresis == null) hysteresis = 5.0;
            if (hysteresis < 0 || hysteresis > 20 || hysteresis.isNaN())
                throw new ConfigValueException("hysteresis", "must be between 0 and 20 °C (got " + hysteresis + ")");
            if (minimum == null) minimum = 0;
            ConfigValueException.requireBetween("minimum", minimum, 0, 100);
            if (staleAfter == null) staleAfter = Duration.ofMinutes(1);
            ConfigValueException.requireBetween("staleAfter", staleAfter, Duration.ofSeconds(5), Duration.ofHours(1));
        }
    }
}
