package io.bramble.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    /** A small config shaped like the real ones: nested records, defaults, range checks, a list. */
    record Sample(Server server, List<Rack> racks, Duration interval) {
        Sample {
            server = server == null ? new Server(null, null) : server;
            racks = racks == null ? List.of() : racks;
            interval = interval == null ? Duration.ofSeconds(5) : interval;
        }
    }

    record Server(String host, Integer port) {
        Server {
            host = host == null ? "127.0.0.1" : host;
            port = ConfigValueException.requireBetween("port", port == null ? 8080 : port, 1, 65535);
        }
    }

    record Rack(String name, Integer rows) {
        Rack {
            rows = ConfigValueException.requireBetween("rows", rows == null ? 3 : rows, 1, 64);
        }
    }

    enum Mode { PROXY, STANDALONE }

    record WithMode(Mode mode) {}

    @Test
    void enumValuesAreReadInAnyCaseAndBadOnesListTheChoices() {
        assertThat(ConfigLoader.parse("c.yaml", "mode: standalone", WithMode.class).mode()).isEqualTo(Mode.STANDALONE);
        assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "mode: relay", WithMode.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.reason()).contains("proxy, standalone"));
    }

    @Test
    void emptyFileGivesEveryDefault() {
        Sample s = ConfigLoader.parse("center.yaml", "", Sample.class);
        assertThat(s.server().port()).isEqualTo(8080);
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(ConfigLoader.parse("c.yaml", "interval: 250ms", Sample.class).interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigLoader.parse("c.yaml", "interval: 2m", Sample.class).interval()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void unknownKeyIsRefusedWithFileLineAndKey() {
        String yaml = "server:\n  host: 0.0.0.0\n  prot: 80\n";
        assertThatThrownBy(() -> ConfigLoader.parse("center.yaml", yaml, Sample.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo("center.yaml");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.key()).isEqualTo("server.prot");
                    assertThat(e.reason()).contains("unknown key").contains("host, port");
                })
                .hasMessageStartingWith("center.yaml line 3: server.prot: unknown key");
    }

    @Test
    void outOfRangeValueNamesTheKeyAndTheRange() {
        String yaml = "# racks\nracks:\n  - name: a\n    rows: 3\n  - name: b\n    rows: 0\n";
        assertThatThrownBy(() -> ConfigLoader.parse("center.yaml", yaml, Sample.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("racks[1].rows");
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.reason()).isEqualTo("must be between 1 and 64 (got 0)");
                });
    }

    @Test
    void wrongTypeSaysWhatWasExpected() {
        assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "server:\n  port: eighty\n", Sample.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.key()).isEqualTo("server.port");
                    assertThat(e.reason()).contains("whole number");
                });
    }

    @Test
    void badDurationExplainsTheFormat() {
        assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "interval: soon\n", Sample.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.key()).isEqualTo("interval");
                    assertThat(e.reason()).contains("5s");
                });
    }

    @Test
    void brokenYamlIsRefusedWithItsLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "server:\n  host: [a\n  port: 1\n", Sample.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isGreaterThan(1);
                    assertThat(e.reason()).startsWith("not valid YAML");
                });
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "interval: 1s\ninterval: 2s\n", Sample.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 2");
    }

    @Test
    void missingFileSaysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Sample.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("file not found");
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "server:\n  port: 9090\n");
        assertThat(ConfigLoader.load(f, Sample.class).server().port()).isEqualTo(9090);
    }
}
