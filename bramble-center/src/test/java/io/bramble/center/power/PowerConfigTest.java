package io.bramble.center.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.bramble.center.config.CenterConfig;
import io.bramble.core.config.ConfigException;
import io.bramble.core.config.ConfigLoader;

/** center.yaml's power section: defaults, and bad values refused with the file, line and key. */
class PowerConfigTest {
    private static CenterConfig parse(String yaml) {
        return ConfigLoader.parse("center.yaml", yaml, CenterConfig.class);
    }

    @Test
    void defaultsStaggerBySecondAndRestoreAndKeepTheWatchdogOff() {
        var p = parse("").power();
        assertThat(p.staggerOn()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.restoreOnStart()).isTrue();
        assertThat(p.outlets()).isEmpty();
        var o = parse("power:\n  outlets:\n    - {node: node01, driver: tasmota, url: \"http://10.0.0.21/\"}\n").power().outlets().getFirst();
        assertThat(o.watchdog()).isFalse();
        assertThat(o.relay()).isEqualTo(1);
        assertThat(o.url()).isEqualTo("http://10.0.0.21");
    }

    @Test
    void badValuesAreRefusedWithLineAndKey() {
        assertThatThrownBy(() -> parse("power:\n  outlets:\n    - node: node01\n      driver: zigbee\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("center.yaml").hasMessageContaining("line 4")
                .hasMessageContaining("power.outlets[0].driver").hasMessageContaining("tasmota");
        assertThatThrownBy(() -> parse("power:\n  outlets:\n    - {node: node01, driver: turingpi, url: \"http://bmc\", slot: 5}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("slot").hasMessageContaining("between 1 and 4");
        assertThatThrownBy(() -> parse("power:\n  outlets:\n    - {node: node01, driver: poe, onCommand: \"snmpset x\"}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("offCommand");
        assertThatThrownBy(() -> parse("power:\n  staggerOn: 10m\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("power.staggerOn").hasMessageContaining("line 2");
        assertThatThrownBy(() -> parse("power:\n  psus:\n    - {name: row1, watts: -5, rack: rack1}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("watts");
        assertThatThrownBy(() -> parse("power:\n  outlets:\n    - {node: a, driver: simulated}\n    - {node: a, driver: simulated}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("already has an outlet");
        assertThatThrownBy(() -> parse("power:\n  watchdog: {maxAttempts: 0}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("power.watchdog.maxAttempts");
    }
}
