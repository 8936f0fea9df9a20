package io.bramble.center.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.bramble.center.TestCenter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The power migration on both stores: state and readings are written, survive a restart and the state is switched back. */
class PowerStoreTest {
    static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) postgres.close();
    }

    private static String yaml(String kind) throws Exception {
        String power = "power:\n  outlets:\n    - {node: pi-a, driver: simulated}\n    - {node: pi-b, driver: simulated}\n";
        if (kind.equals("sqlite")) return power;
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE power");
        }
        return power + "store:\n  url: \"jdbc:postgresql://localhost:" + postgres.getPort() + "/power\"\n  user: postgres\n";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void powerStateAndReadingsSurviveARestart(String kind, @TempDir Path dir) throws Exception {
        String yaml = yaml(kind);
        try (TestCenter tc = new TestCenter(dir, yaml)) {
            assertThat(tc.center.store().isPostgres()).isEqualTo(kind.equals("postgres"));
            tc.center.power().switchOutlet("pi-b", false, "test", null, Map.of());
            tc.center.power().switchOutlet("pi-b", false, "test", null, Map.of()); // updates the stored row
            tc.clock.advance(Duration.ofSeconds(1));
            tc.center.power().refresh();
            tc.clock.advance(Duration.ofSeconds(1));
            tc.center.power().refresh();
        }
        try (TestCenter tc = new TestCenter(dir, yaml)) {
            SimulatedOutlet b = (SimulatedOutlet) tc.center.power().outlet("pi-b").orElseThrow().power();
            await().atMost(Duration.ofSeconds(10)).until(() -> b.status() == PowerSwitch.State.OFF);
            assertThat(tc.center.power().desiredState("pi-b")).hasValue(PowerSwitch.State.OFF);
            assertThat(tc.center.power().desiredState("pi-a")).isEmpty();
            // the new center's clock starts again at the same time; the readings were taken 1 and 2 s after it
            var from = tc.clock.instant().plusSeconds(1);
            var to = tc.clock.instant().plus(Duration.ofHours(1));
            var readings = tc.center.power().readings("pi-a", from, to, 100);
            assertThat(readings).hasSizeGreaterThanOrEqualTo(2);
            assertThat(readings.getFirst().watts()).isGreaterThan(0);
            assertThat(tc.center.power().readings("pi-b", from, to, 100)).hasSize(2).allSatisfy(p -> assertThat(p.watts()).isZero());
            tc.clock.advance(Duration.ofHours(2));
            assertThat(tc.center.power().expire(Duration.ofHours(1))).isGreaterThanOrEqualTo(4);
            assertThat(tc.center.power().readings("pi-a", from, to, 100)).isEmpty();
        }
    }
}
