package io.bramble.center.power;

import java.net.http.HttpClient;
import java.time.Duration;

import io.bramble.center.config.PowerConfig;

/** Builds the driver an outlet in center.yaml names. */
public final class PowerSwitches {
    private final HttpClient http;
    private final Duration timeout;
    private final Pi4jHardware hardware;

    public PowerSwitches(Duration timeout, Pi4jHardware hardware) {
        this.timeout = timeout;
        this.hardware = hardware;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public PowerSwitch create(PowerConfig.Outlet o, double simulatedWatts) {
        PowerSwitch s = outlet(o, simulatedWatts);
        if (o.meter() == null) return s;
        InaMeter.Chip chip = o.meter().equals("ina219") ? InaMeter.Chip.INA219 : InaMeter.Chip.INA226;
        return InaMeter.metered(s, new InaMeter(hardware.i2c(o.i2cBus(), o.meterAddress()), chip, o.shuntOhms()));
    }

    private PowerSwitch outlet(PowerConfig.Outlet o, double simulatedWatts) {
        return switch (o.driver()) {
            case "tasmota" -> new TasmotaSwitch(new HttpDevice(http, o.url(), null, null, timeout), o.relay(), o.username(), o.password());
            case "shelly" -> new ShellySwitch(new HttpDevice(http, o.url(), o.username(), o.password(), timeout), o.relay(), o.gen());
            case "turingpi" -> new TuringPiSwitch(new HttpDevice(http, o.url(), o.username(), o.password(), timeout), o.slot());
            case "command", "poe" -> new CommandSwitch(o.driver(), o.node(), o.outlet(), o.onCommand(), o.offCommand(), o.statusCommand(),
                    o.readCommand(), timeout);
            case "gpio" -> new GpioRelaySwitch(hardware.pin(o.pin(), o.activeLow()), o.activeLow());
            case "clusterhat" -> new I2cExpanderSwitch(hardware.i2c(o.i2cBus(), o.i2cAddress()), o.bit(), o.activeLow());
            case "simulated" -> new SimulatedOutlet(simulatedWatts);
            default -> throw new IllegalArgumentException("power.outlets: unknown driver " + o.driver() + " for " + o.node());
        };
    }
}
