package io.bramble.center.power;

import java.io.IOException;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * A Shelly plug or relay. Gen1 devices: {@code /relay/0?turn=on} answers {@code {"ison":true}} and
 * {@code /meter/0} gives {@code power} (W) and {@code total} (watt-minutes). Gen2 and later (Plus,
 * Pro): {@code /rpc/Switch.Set?id=0&on=true} and {@code /rpc/Switch.GetStatus?id=0}, which carries
 * {@code output}, {@code apower}, {@code voltage}, {@code current} and {@code aenergy.total} (Wh).
 */
public final class ShellySwitch implements PowerSwitch {
    private final HttpDevice device;
    private final int channel;
    private final int gen;

    ShellySwitch(HttpDevice device, int channel, int gen) {
        this.device = device;
        this.channel = channel;
        this.gen = gen;
    }

    @Override
    public String driver() {
        return "shelly";
    }

    @Override
    public void on() throws IOException {
        set(true);
    }

    @Override
    public void off() throws IOException {
        set(false);
    }

    private void set(boolean on) throws IOException {
        if (gen == 1) {
            JsonNode r = device.get("/relay/" + channel + "?turn=" + (on ? "on" : "off"));
            if (!r.path("ison").isBoolean()) throw new IOException(device.base() + " answered without ison (" + r + "); is it a Gen2 device (gen: 2)?");
            if (r.path("ison").asBoolean() != on) throw new IOException(device.base() + " relay " + channel + " did not switch " + (on ? "on" : "off"));
        } else {
            JsonNode r = device.get("/rpc/Switch.Set?id=" + channel + "&on=" + on);
            // Switch.Set answers the previous state, {"was_on":...}; an error has "code" and "message"
            if (r.has("code") && r.has("message")) throw new IOException(device.base() + " refused Switch.Set: " + r.path("message").asString());
        }
    }

    @Override
    public State status() throws IOException {
        JsonNode v = gen == 1 ? device.get("/relay/" + channel).path("ison") : device.get("/rpc/Switch.GetStatus?id=" + channel).path("output");
        if (!v.isBoolean()) return State.UNKNOWN;
        return v.asBoolean() ? State.ON : State.OFF;
    }

    @Override
    public Optional<Reading> read() throws IOException {
        if (gen == 1) {
            JsonNode m = device.get("/meter/" + channel);
            if (!m.has("power")) return Optional.empty();
            Double wattMinutes = HttpDevice.number(m.path("total"));
            return Optional.of(new Reading(HttpDevice.number(m.path("power")), wattMinutes == null ? null : wattMinutes / 60.0, null, null));
        }
        JsonNode s = device.get("/rpc/Switch.GetStatus?id=" + channel);
        if (!s.has("apower")) return Optional.empty();
        return Optional.of(new Reading(HttpDevice.number(s.path("apower")), HttpDevice.number(s.path("aenergy").path("total")),
                HttpDevice.number(s.path("voltage")), HttpDevice.number(s.path("current"))));
    }
}
