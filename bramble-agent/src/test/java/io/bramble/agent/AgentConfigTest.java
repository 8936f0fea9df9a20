package io.bramble.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bramble.core.config.ConfigException;
import io.bramble.core.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    private static AgentConfig parse(String yaml) {
        return ConfigLoader.parse("agent.yaml", yaml, AgentConfig.class);
    }

    @Test
    void anEmptyFileGivesTheDefaults() {
        AgentConfig c = ConfigLoader.defaults(AgentConfig.class);
        assertThat(c.name()).isNull();
        assertThat(c.dataDir()).isEqualTo("/var/lib/bramble-agent");
        assertThat(c.center().url()).isNull();
        assertThat(c.center().joinToken()).isNull();
        assertThat(c.center().fingerprint()).isNull();
        assertThat(c.center().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.center().backoff().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.center().backoff().max()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.heartbeat().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.events().maxQueued()).isEqualTo(10_000);
        assertThat(c.collect().root()).isEqualTo("/");
    }

    @Test
    void theDocumentedExampleLoads(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("agent.yaml");
        Files.writeString(file, """
                # /etc/bramble/agent.yaml
                name: rack1-node03
                dataDir: /var/lib/bramble-agent
                center:
                  url: https://center.lab:8443/
                  joinToken: bj_4f9c2a7d1e
                  fingerprint: "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"
                  timeout: 10s
                  backoff:
                    initial: 1s
                    max: 1m
                heartbeat:
                  interval: 5s
                events:
                  maxQueued: 10000
                collect:
                  root: /
                """);
        AgentConfig c = ConfigLoader.load(file, AgentConfig.class);
        assertThat(c.name()).isEqualTo("rack1-node03");
        assertThat(c.center().url()).isEqualTo("https://center.lab:8443");
        assertThat(c.center().https()).isTrue();
        assertThat(c.center().fingerprint()).isEqualTo("abcdef0123456789".repeat(4));
        assertThat(c.center().backoff().max()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.heartbeat().interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLineAndTheKnownKeys() {
        assertThatThrownBy(() -> parse("""
                center:
                  url: http://center:8080
                heartbeat:
                  intervall: 5s
                """))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.key()).isEqualTo("heartbeat.intervall");
                    assertThat(e.reason()).contains("unknown key").contains("interval");
                })
                .hasMessageStartingWith("agent.yaml line 4: heartbeat.intervall: unknown key");
    }

    @Test
    void anUnknownTopLevelKeyIsRefused() {
        assertThatThrownBy(() -> parse("centre:\n  url: http://x\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.key()).isEqualTo("centre");
                });
    }

    @Test
    void anOutOfRangeIntervalIsRefusedWithLineKeyAndRange() {
        assertThatThrownBy(() -> parse("""
                center:
                  url: http://center:8080
                heartbeat:
                  interval: 500ms
                """))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.key()).isEqualTo("heartbeat.interval");
                    assertThat(e.reason()).isEqualTo("must be between 1s and 1h (got 500ms)");
                });
    }

    @Test
    void anOutOfRangeQueueSizeIsRefused() {
        assertThatThrownBy(() -> parse("events:\n  maxQueued: 5\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.key()).isEqualTo("events.maxQueued");
                    assertThat(e.reason()).contains("between 100 and 50000");
                });
    }

    @Test
    void aNestedBackoffValueIsRefusedAtItsLine() {
        assertThatThrownBy(() -> parse("center:\n  url: http://c\n  backoff:\n    initial: 5s\n    max: 2s\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("center.backoff.max");
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.reason()).contains("must not be below backoff.initial (5s)");
                });
    }

    @Test
    void aCenterUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> parse("center:\n  url: ftp://center\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.key()).isEqualTo("center.url");
                    assertThat(e.reason()).contains("http://host");
                });
    }

    @Test
    void aMalformedFingerprintIsRefused() {
        assertThatThrownBy(() -> parse("center:\n  fingerprint: 12:34\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("center.fingerprint");
                    assertThat(e.reason()).contains("64 hex digits");
                });
    }

    @Test
    void aBadNodeNameIsRefused() {
        assertThatThrownBy(() -> parse("name: \"node 1\"\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("name");
                    assertThat(e.line()).isEqualTo(1);
                });
    }

    @Test
    void aWrongTypeIsRefusedSayingWhatWasExpected() {
        assertThatThrownBy(() -> parse("heartbeat:\n  interval: often\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("heartbeat.interval");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.reason()).contains("not a duration");
                });
    }

    @Test
    void commandLineOverridesReplaceOnlyWhatWasGiven() {
        AgentConfig c = parse("center:\n  url: http://a:8080\n  joinToken: t1\ndataDir: /srv/agent\n");
        AgentConfig o = c.withOverrides("http://b:8080", null, null);
        assertThat(o.center().url()).isEqualTo("http://b:8080");
        assertThat(o.center().joinToken()).isEqualTo("t1");
        assertThat(o.dataDir()).isEqualTo("/srv/agent");
    }
}
