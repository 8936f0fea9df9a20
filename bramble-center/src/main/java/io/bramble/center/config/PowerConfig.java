package io.bramble.center.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bramble.core.config.ConfigValueException;

/**
 * The {@code power:} section of center.yaml: which outlet switches which node, how power-on is
 * staggered, the PSUs that feed each row and the watchdog that power-cycles silent nodes.
 */
public record PowerConfig(Duration staggerOn, Duration cycleOffTime, Boolean restoreOnStart, Duration readEvery,
                          Duration timeout, List<Outlet> outlets, List<Psu> psus, Map<String, Double> models,
                          Watchdog watchdog) {

    public static final PowerConfig NONE = new PowerConfig(null, null, null, null, null, null, null, null, null);

    /** Drivers an outlet may name. */
    public static final List<String> DRIVERS = List.of("tasmota", "shelly", "turingpi", "command", "poe", "gpio", "clusterhat",
            "simulated");

    public PowerConfig {
        staggerOn = ConfigValueException.requireBetween("staggerOn", staggerOn == null ? Duration.ofSeconds(1) : staggerOn,
                Duration.ZERO, Duration.ofMinutes(5));
        cycleOffTime = ConfigValueException.requireBetween("cycleOffTime", cycleOffTime == null ? Duration.ofSeconds(5) : cycleOffTime,
                Duration.ZERO, Duration.ofMinutes(5));
        restoreOnStart = restoreOnStart == null || restoreOnStart;
        readEvery = ConfigValueException.requireBetween("readEvery", readEvery == null ? Duration.ofSeconds(30) : readEvery,
                Duration.ofSeconds(1), Duration.ofHours(1));
        timeout = ConfigValueException.requireBetween("timeout", timeout == null ? Duration.ofSeconds(5) : timeout,
                Duration.ofMillis(100), Duration.ofMinutes(2));
        outlets = outlets == null ? List.of() : List.copyOf(outlets);
        psus = psus == null ? List.of() : List.copyOf(psus);
        models = models == null ? Map.of() : Map.copyOf(models);
        watchdog = watchdog == null ? new Watchdog(null, null, null, null) : watchdog;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < outlets.size(); i++)
            if (!seen.add(outlets.get(i).node()))
                throw new ConfigValueException("outlets[" + i + "].node", "node " + outlets.get(i).node()
                        + " already has an outlet; each node is switched by one outlet");
        Set<String> psuNames = new HashSet<>();
        for (int i = 0; i < psus.size(); i++)
            if (!psuNames.add(psus.get(i).name()))
                throw new ConfigValueException("psus[" + i + "].name", "another PSU is already named " + psus.get(i).name());
        for (var m : models.entrySet())
            if (m.getValue() == null || m.getValue() <= 0 || m.getValue() > 100)
                throw new ConfigValueException("models." + m.getKey(), "watts must be above 0 and at most 100 (got " + m.getValue() + ")");
    }

    /**
     * One switchable outlet bound to a node. Which settings apply depends on {@code driver}:
     * tasmota (url, relay, username, password), shelly (url, relay, gen, username, password),
     * turingpi (url, slot 1-4, username, password), command and poe (onCommand, offCommand,
     * statusCommand, readCommand; {node} and {outlet} are replaced in each argument), gpio (pin,
     * activeLow), clusterhat (bit, i2cBus, i2cAddress, activeLow), simulated. Any outlet may add an
     * INA219/INA226 sensor as its meter: meter, meterAddress (on i2cBus), shuntOhms.
     */
    public record Outlet(String node, String driver, String url, Integer relay, Integer gen, Integer slot, String username,
                         String password, String outlet, String onCommand, String offCommand, String statusCommand,
                         String readCommand, String model, Boolean watchdog, Integer pin, Boolean activeLow, Integer bit,
                         Integer i2cBus, Integer i2cAddress, String meter, Integer meterAddress, Double shuntOhms) {
        public Outlet {
            if (node == null || !node.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"))
                throw new ConfigValueException("node", "the node's name: lower-case letters, digits and '-', 1 to 63 (got " + node + ")");
            if (driver == null || !DRIVERS.contains(driver))
                throw new ConfigValueException("driver", "must be one of " + DRIVERS + " (got " + driver + ")");
            watchdog = watchdog != null && watchdog;
            outlet = outlet == null ? "" : outlet;
            switch (driver) {
                case "tasmota", "shelly", "turingpi" -> {
                    if (url == null || !url.matches("https?://[^\\s/]+(/.*)?"))
                        throw new ConfigValueException("url", "the " + driver + " device's address, such as http://10.0.0.21 (got " + url + ")");
                    url = url.replaceAll("/+$", "");
                }
                case "command", "poe" -> {
                    if (onCommand == null || onCommand.isBlank())
                        throw new ConfigValueException("onCommand", "the " + driver + " driver needs the command that switches the outlet on");
                    if (offCommand == null || offCommand.isBlank())
                        throw new ConfigValueException("offCommand", "the " + driver + " driver needs the command that switches the outlet off");
                }
                default -> { }
            }
            if (driver.equals("turingpi")) {
                if (slot == null) throw new ConfigValueException("slot", "the Turing Pi 2 node slot this Pi sits in, 1 to 4");
                ConfigValueException.requireBetween("slot", slot, 1, 4);
            }
            if (driver.equals("gpio")) {
                if (pin == null) throw new ConfigValueException("pin", "the gpio driver needs the relay's GPIO pin (BCM number, 0 to 27)");
                ConfigValueException.requireBetween("pin", pin, 0, 27);
            }
            if (driver.equals("clusterhat")) {
                if (bit == null) throw new ConfigValueException("bit", "the clusterhat driver needs the expander bit that switches this Pi (P1 to P4 are bits 0 to 3)");
                ConfigValueException.requireBetween("bit", bit, 0, 7);
            }
            activeLow = activeLow != null && activeLow;
            if (meter != null && !meter.equals("ina219") && !meter.equals("ina226"))
                throw new ConfigValueException("meter", "must be ina219 or ina226, a current sensor on the Pi's 5 V line (got " + meter + ")");
            meterAddress = ConfigValueException.requireBetween("meterAddress", meterAddress == null ? 0x40 : meterAddress, 0x03, 0x77);
            shuntOhms = shuntOhms == null ? 0.1 : shuntOhms;
            if (shuntOhms <= 0 || shuntOhms > 100)
                throw new ConfigValueException("shuntOhms", "the sensor's shunt resistor in ohms, above 0 and at most 100 (got " + shuntOhms + ")");
            i2cBus = ConfigValueException.requireBetween("i2cBus", i2cBus == null ? 1 : i2cBus, 0, 31);
            i2cAddress = ConfigValueException.requireBetween("i2cAddress", i2cAddress == null ? 0x20 : i2cAddress, 0x03, 0x77);
            relay = ConfigValueException.requireBetween("relay", relay == null ? (driver.equals("tasmota") ? 1 : 0) : relay, 0, 32);
            gen = ConfigValueException.requireBetween("gen", gen == null ? 1 : gen, 1, 2);
        }
    }

    /**
     * A power supply and the nodes it feeds: those placed in {@code rack} (and {@code row}, if given),
     * or the node set {@code nodes}.
     */
    public record Psu(String name, Double watts, String rack, Integer row, String nodes) {
        public Psu {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}"))
                throw new ConfigValueException("name", "letters, digits, '_', '.', '-', at most 32 (got " + name + ")");
            if (watts == null || watts <= 0 || watts > 100_000)
                throw new ConfigValueException("watts", "the PSU's rated output in watts, above 0 and at most 100000 (got " + watts + ")");
            if (row != null) ConfigValueException.requireBetween("row", row, 1, 64);
            if ((rack == null) == (nodes == null || nodes.isBlank()))
                throw new ConfigValueException("rack", "say which nodes the PSU feeds: either rack (and row) or nodes, not both");
        }
    }

    /**
     * Power-cycles a node that is powered on but has sent no heartbeat for {@code after}; at most
     * {@code maxAttempts} times, waiting {@code backoff}, then twice that, between attempts. Applies
     * only to outlets with {@code watchdog: true}.
     */
    public record Watchdog(Duration after, Integer maxAttempts, Duration backoff, Duration checkEvery) {
        public Watchdog {
            after = ConfigValueException.requireBetween("after", after == null ? Duration.ofMinutes(5) : after,
                    Duration.ofSeconds(10), Duration.ofDays(1));
            maxAttempts = ConfigValueException.requireBetween("maxAttempts", maxAttempts == null ? 3 : maxAttempts, 1, 20);
            backoff = ConfigValueException.requireBetween("backoff", backoff == null ? Duration.ofMinutes(5) : backoff,
                    Duration.ofSeconds(10), Duration.ofDays(1));
            checkEvery = ConfigValueException.requireBetween("checkEvery", checkEvery == null ? Duration.ofSeconds(10) : checkEvery,
                    Duration.ofMillis(100), Duration.ofMinutes(10));
        }
    }
}
