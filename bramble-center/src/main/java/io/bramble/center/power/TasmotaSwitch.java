package io.bramble.center.power;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * A Tasmota smart plug or relay board over its HTTP command API: {@code /cm?cmnd=Power1 On}
 * answers {@code {"POWER1":"ON"}} (single-relay devices say {@code POWER}); {@code Status 8}
 * gives the energy meter's figures where the plug has one.
 */
public final class TasmotaSwitch implements PowerSwitch {
    private final HttpDevice device;
    private final int relay;
    private final String credentials;

    TasmotaSwitch(HttpDevice device, int relay, String username, String password) {
        this.device = device;
        this.relay = relay;
        // Tasmota takes its web password as query parameters, not as HTTP auth
        this.credentials = username == null && password == null ? ""
                : "&user=" + enc(username == null ? "admin" : username) + "&password=" + enc(password == null ? "" : password);
    }

    @Override
    public String driver() {
        return "tasmota";
    }

    private JsonNode command(String cmnd) throws IOException {
        return device.get("/cm?cmnd=" + enc(cmnd) + credentials);
    }

    private State power(JsonNode r) throws IOException {
        JsonNode v = r.path("POWER" + relay);
        if (v.isMissingNode()) v = r.path("POWER");
        if (v.isMissingNode()) {
            if (r.has("Command") || r.has("WARNING"))
                throw new IOException(device.base() + " refused the command: " + r);
            throw new IOException(device.base() + " answered without POWER" + relay + " (" + r + "); does it have relay " + relay + "?");
        }
        return switch (v.asString().toUpperCase(java.util.Locale.ROOT)) {
            case "ON", "1" -> State.ON;
            case "OFF", "0" -> State.OFF;
            default -> State.UNKNOWN;
        };
    }

    @Override
    public void on() throws IOException {
        expect(power(command("Power" + relay + " On")), State.ON);
    }

    @Override
    public void off() throws IOException {
        expect(power(command("Power" + relay + " Off")), State.OFF);
    }

    private void expect(State got, State want) throws IOException {
        if (got != want) throw new IOException(device.base() + " relay " + relay + " is " + got.wire() + " after switching it " + want.wire());
    }

    @Override
    public State status() throws IOException {
        return power(command("Power" + relay));
    }

    @Override
    public Optional<Reading> read() throws IOException {
        JsonNode energy = command("Status 8").path("StatusSNS").path("ENERGY");
        if (energy.isMissingNode()) return Optional.empty();
        Double totalKwh = HttpDevice.number(energy.path("Total"));
        return Optional.of(new Reading(HttpDevice.number(energy.path("Power")), totalKwh == null ? null : totalKwh * 1000,
                HttpDevice.number(energy.path("Voltage")), HttpDevice.number(energy.path("Current"))));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
