package io.bramble.center.power;

import java.io.IOException;

import tools.jackson.databind.JsonNode;

/**
 * One node slot (1-4) of a Turing Pi 2 board through its BMC's HTTP API:
 * {@code /api/bmc?opt=set&type=power&node1=1} switches slot 1 on ({@code =0} off) and
 * {@code /api/bmc?opt=get&type=power} reports every slot as {@code "node1": 1}. Firmware 1.x nests
 * that under {@code response[0]}, 2.x under {@code response[0].result[0]}; both are read.
 */
public final class TuringPiSwitch implements PowerSwitch {
    private final HttpDevice device;
    private final int slot;

    TuringPiSwitch(HttpDevice device, int slot) {
        this.device = device;
        this.slot = slot;
    }

    @Override
    public String driver() {
        return "turingpi";
    }

    @Override
    public void on() throws IOException {
        set(1);
    }

    @Override
    public void off() throws IOException {
        set(0);
    }

    private void set(int value) throws IOException {
        JsonNode r = device.get("/api/bmc?opt=set&type=power&node" + slot + "=" + value);
        JsonNode result = find(r, "result");
        if (result != null && result.isString() && !result.asString().equalsIgnoreCase("ok"))
            throw new IOException("the Turing Pi BMC at " + device.base() + " refused to switch slot " + slot + ": " + result.asString());
    }

    @Override
    public State status() throws IOException {
        JsonNode v = find(device.get("/api/bmc?opt=get&type=power"), "node" + slot);
        if (v == null) throw new IOException("the Turing Pi BMC at " + device.base() + " did not report node" + slot);
        int on = v.isNumber() ? v.asInt() : v.isBoolean() ? (v.asBoolean() ? 1 : 0) : Integer.parseInt(v.asString().strip());
        return on == 1 ? State.ON : on == 0 ? State.OFF : State.UNKNOWN;
    }

    /** The first field named {@code name} anywhere in the answer. */
    private static JsonNode find(JsonNode n, String name) {
        if (n.isObject()) {
            if (n.has(name)) return n.get(name);
            for (JsonNode child : n.values()) {
                JsonNode f = find(child, name);
                if (f != null) return f;
            }
        } else if (n.isArray()) {
            for (JsonNode child : n) {
                JsonNode f = find(child, name);
                if (f != null) return f;
            }
        }
        return null;
    }
}
