package io.bramble.center.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/** Each HTTP driver against a real loopback server that speaks that device's API. */
class HttpDriversTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpDevice device(FakeDevice d, String user, String password) {
        return new HttpDevice(HTTP, d.url(), user, password, Duration.ofSeconds(2));
    }

    /** Tasmota: {@code Power1 On} etc. on relay 1, {@code Status 8} with an energy meter. */
    private static FakeDevice tasmota(Map<Integer, Boolean> relays, boolean singleRelay) throws IOException {
        return new FakeDevice(r -> {
            if (!r.path().equals("/cm")) return new FakeDevice.Answer(404, "{}");
            String cmnd = r.query().get("cmnd");
            if (cmnd.equals("Status 8"))
                return FakeDevice.Answer.json("{\"StatusSNS\":{\"Time\":\"2026-11-23T10:00:00\",\"ENERGY\":{\"TotalStartTime\":\"2026-01-01T00:00:00\","
                        + "\"Total\":1.234,\"Yesterday\":0.1,\"Today\":0.05,\"Power\":5,\"ApparentPower\":6,\"ReactivePower\":2,"
                        + "\"Factor\":0.8,\"Voltage\":231,\"Current\":0.026}}}");
            var m = java.util.regex.Pattern.compile("Power(\\d)( (On|Off))?").matcher(cmnd);
            if (!m.matches()) return FakeDevice.Answer.json("{\"Command\":\"Unknown\"}");
            int relay = Integer.parseInt(m.group(1));
            if (!relays.containsKey(relay)) return FakeDevice.Answer.json("{\"Command\":\"Unknown\"}");
            if (m.group(3) != null) relays.put(relay, m.group(3).equals("On"));
            String key = singleRelay ? "POWER" : "POWER" + relay;
            return FakeDevice.Answer.json("{\"" + key + "\":\"" + (relays.get(relay) ? "ON" : "OFF") + "\"}");
        });
    }

    @Test
    void tasmotaSwitchesTheRelayAndReadsTheEnergyMeter() throws IOException {
        Map<Integer, Boolean> relays = new ConcurrentHashMap<>(Map.of(1, false, 2, false));
        try (FakeDevice d = tasmota(relays, false)) {
            TasmotaSwitch s = new TasmotaSwitch(device(d, null, null), 2, null, null);
            assertThat(s.status()).isEqualTo(PowerSwitch.State.OFF);
            s.on();
            assertThat(relays).containsEntry(2, true).containsEntry(1, false);
            assertThat(s.status()).isEqualTo(PowerSwitch.State.ON);
            s.off();
            assertThat(relays.get(2)).isFalse();
            assertThat(d.requests).extracting(r -> r.query().get("cmnd")).contains("Power2 On", "Power2 Off");
            var r = s.read().orElseThrow();
            assertThat(r.watts()).isEqualTo(5.0);
            assertThat(r.energyWh()).isEqualTo(1234.0);
            assertThat(r.volts()).isEqualTo(231.0);
            assertThat(r.amps()).isEqualTo(0.026);
        }
    }

    @Test
    void tasmotaSingleRelayPlugAnswersPowerAndTakesItsPasswordAsQueryParameters() throws IOException {
        Map<Integer, Boolean> relays = new ConcurrentHashMap<>(Map.of(1, true));
        try (FakeDevice d = tasmota(relays, true)) {
            TasmotaSwitch s = new TasmotaSwitch(device(d, null, null), 1, "admin", "s3cret&x");
            s.cycle(Duration.ofMillis(10));
            assertThat(relays.get(1)).isTrue();
            assertThat(d.requests).extracting(r -> r.query().get("cmnd")).containsExactly("Power1 Off", "Power1 On");
            assertThat(d.requests).allSatisfy(r -> assertThat(r.query()).containsEntry("user", "admin").containsEntry("password", "s3cret&x"));
        }
    }

    @Test
    void tasmotaWithoutTheRelaySaysSo() throws IOException {
        try (FakeDevice d = tasmota(new ConcurrentHashMap<>(Map.of(1, false)), false)) {
            TasmotaSwitch s = new TasmotaSwitch(device(d, null, null), 3, null, null);
            assertThatThrownBy(s::on).isInstanceOf(IOException.class).hasMessageContaining("refused the command");
        }
    }

    @Test
    void shellyGen1SwitchesRelayZeroAndReadsItsMeter() throws IOException {
        boolean[] on = {false};
        try (FakeDevice d = new FakeDevice(r -> switch (r.path()) {
            case "/relay/0" -> {
                if ("on".equals(r.query().get("turn"))) on[0] = true;
                if ("off".equals(r.query().get("turn"))) on[0] = false;
                yield FakeDevice.Answer.json("{\"ison\":" + on[0] + ",\"has_timer\":false,\"timer_started\":0,\"timer_duration\":0,"
                        + "\"timer_remaining\":0,\"overpower\":false,\"source\":\"http\"}");
            }
            case "/meter/0" -> FakeDevice.Answer.json("{\"power\":" + (on[0] ? 6.2 : 0) + ",\"overpower\":0,\"is_valid\":true,"
                    + "\"timestamp\":1700000000,\"counters\":[6.1,6.0,6.2],\"total\":600}");
            default -> new FakeDevice.Answer(404, "Not Found");
        })) {
            ShellySwitch s = new ShellySwitch(device(d, "admin", "pw"), 0, 1);
            s.on();
            assertThat(on[0]).isTrue();
            assertThat(s.status()).isEqualTo(PowerSwitch.State.ON);
            var r = s.read().orElseThrow();
            assertThat(r.watts()).isEqualTo(6.2);
            assertThat(r.energyWh()).isEqualTo(10.0); // 600 watt-minutes
            s.off();
            assertThat(s.status()).isEqualTo(PowerSwitch.State.OFF);
            assertThat(d.requests.getFirst().authorization())
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes()));
        }
    }

    @Test
    void shellyGen2UsesSwitchRpc() throws IOException {
        boolean[] on = {true};
        try (FakeDevice d = new FakeDevice(r -> switch (r.path()) {
            case "/rpc/Switch.Set" -> {
                boolean was = on[0];
                on[0] = Boolean.parseBoolean(r.query().get("on"));
                yield FakeDevice.Answer.json("{\"was_on\":" + was + "}");
            }
            case "/rpc/Switch.GetStatus" -> FakeDevice.Answer.json("{\"id\":0,\"source\":\"HTTP_in\",\"output\":" + on[0]
                    + ",\"apower\":" + (on[0] ? 11.5 : 0) + ",\"voltage\":229.8,\"current\":0.05,\"aenergy\":{\"total\":4321.5,"
                    + "\"by_minute\":[0,0,0],\"minute_ts\":1700000000},\"temperature\":{\"tC\":40.1,\"tF\":104.2}}");
            default -> new FakeDevice.Answer(404, "{\"code\":404,\"message\":\"No handler\"}");
        })) {
            ShellySwitch s = new ShellySwitch(device(d, null, null), 0, 2);
            assertThat(s.status()).isEqualTo(PowerSwitch.State.ON);
            var r = s.read().orElseThrow();
            assertThat(r.watts()).isEqualTo(11.5);
            assertThat(r.energyWh()).isEqualTo(4321.5);
            assertThat(r.volts()).isEqualTo(229.8);
            s.off();
            assertThat(on[0]).isFalse();
            assertThat(d.requests).anySatisfy(q -> assertThat(q.query()).containsEntry("id", "0").containsEntry("on", "false"));
        }
    }

    /** The BMC as firmware 2.x answers: {@code response[0].result[0].nodeN}. */
    @Test
    void turingPiSwitchesOneSlotThroughTheBmc() throws IOException {
        int[] slots = {1, 0, 0, 1};
        try (FakeDevice d = new FakeDevice(r -> {
            if (!r.path().equals("/api/bmc") || !"power".equals(r.query().get("type"))) return new FakeDevice.Answer(404, "{}");
            if ("set".equals(r.query().get("opt"))) {
                for (int i = 1; i <= 4; i++)
                    if (r.query().containsKey("node" + i)) slots[i - 1] = Integer.parseInt(r.query().get("node" + i));
                return FakeDevice.Answer.json("{\"response\":[{\"result\":\"ok\"}]}");
            }
            return FakeDevice.Answer.json("{\"response\":[{\"result\":[{\"node1\":" + slots[0] + ",\"node2\":" + slots[1] + ",\"node3\":" + slots[2]
                    + ",\"node4\":" + slots[3] + "}]}]}");
        })) {
            TuringPiSwitch s = new TuringPiSwitch(device(d, "root", "turing"), 3);
            assertThat(s.status()).isEqualTo(PowerSwitch.State.OFF);
            s.on();
            assertThat(slots).containsExactly(1, 0, 1, 1);
            assertThat(s.status()).isEqualTo(PowerSwitch.State.ON);
            s.off();
            assertThat(slots).containsExactly(1, 0, 0, 1);
            assertThat(d.requests).anySatisfy(q -> assertThat(q.query()).containsEntry("opt", "set").containsEntry("node3", "1"));
        }
    }

    @Test
    void turingPiFirmwareOneAnswerAndARefusalAreRead() throws IOException {
        try (FakeDevice d = new FakeDevice(r -> "set".equals(r.query().get("opt"))
                ? FakeDevice.Answer.json("{\"response\":[{\"result\":\"node 2 is busy\"}]}")
                : FakeDevice.Answer.json("{\"response\":[{\"node1\":0,\"node2\":1,\"node3\":0,\"node4\":0}]}"))) {
            TuringPiSwitch s = new TuringPiSwitch(device(d, null, null), 2);
            assertThat(s.status()).isEqualTo(PowerSwitch.State.ON);
            assertThatThrownBy(s::off).isInstanceOf(IOException.class).hasMessageContaining("node 2 is busy").hasMessageContaining("slot 2");
        }
    }

    @Test
    void aDeviceThatRefusesTheLoginOrIsGoneIsNamedInTheError() throws IOException {
        try (FakeDevice d = new FakeDevice(r -> new FakeDevice.Answer(401, "Unauthorized"))) {
            ShellySwitch s = new ShellySwitch(device(d, "admin", "wrong"), 0, 1);
            assertThatThrownBy(s::on).isInstanceOf(IOException.class).hasMessageContaining(d.url()).hasMessageContaining("username and password");
        }
        FakeDevice gone = new FakeDevice(r -> FakeDevice.Answer.json("{}"));
        String url = gone.url();
        gone.close();
        ShellySwitch s = new ShellySwitch(new HttpDevice(HTTP, url, null, null, Duration.ofSeconds(1)), 0, 1);
        assertThatThrownBy(s::status).isInstanceOf(IOException.class).hasMessageContaining(url);
    }
}
