package io.bramble.center.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.TestCenter;
import io.bramble.center.nodes.Lifecycle;

/** The watchdog power-cycles a silent node with back-off, gives up after the last attempt and forgets it when it recovers; time is moved by hand. */
class PowerWatchdogTest {
    @TempDir Path dir;
    TestCenter tc;
    String credential;

    @BeforeEach
    void start() {
        tc = new TestCenter(dir, """
                power:
                  cycleOffTime: 0s
                  watchdog: {after: 2m, maxAttempts: 2, backoff: 1m, checkEvery: 10m}
                  outlets:
                    - {node: hung, driver: simulated, watchdog: true}
                    - {node: left-alone, driver: simulated}
                """);
        credential = tc.enroll("10000000cccc0001", "hung");
        tc.enroll("10000000cccc0002", "left-alone");
        tc.heartbeat(credential, tc.sample(0.1, 40.0));
    }

    @AfterEach
    void stop() {
        tc.close();
    }

    SimulatedOutlet outlet(String node) {
        return (SimulatedOutlet) tc.center.power().outlet(node).orElseThrow().power();
    }

    PowerWatchdog watchdog() {
        return tc.center.powerWatchdog();
    }

    void checkAndSettle() {
        watchdog().check();
        await().atMost(Duration.ofSeconds(5)).until(() -> watchdog().attempts("hung").map(a -> !a.cycling()).orElse(true));
    }

    long events(String type) {
        return tc.center.events().recent(null, null, 200).stream().filter(e -> e.type().equals(type)).count();
    }

    @Test
    void aSilentNodeIsCycledWithBackOffThenMarkedFailed() {
        tc.clock.advance(Duration.ofSeconds(90));
        checkAndSettle();
        assertThat(outlet("hung").switches()).as("silent 90 s < 2 min").isZero();

        tc.clock.advance(Duration.ofSeconds(40));
        checkAndSettle();
        assertThat(outlet("hung").switches()).isEqualTo(2); // off, on
        assertThat(events("power.watchdog_cycle")).isEqualTo(2);
        assertThat(watchdog().attempts("hung").orElseThrow().count()).isEqualTo(1);

        // silence counts from the power-on, and the next attempt waits for the back-off
        tc.clock.advance(Duration.ofSeconds(90));
        checkAndSettle();
        assertThat(outlet("hung").switches()).isEqualTo(2);
        tc.clock.advance(Duration.ofSeconds(40));
        checkAndSettle();
        assertThat(outlet("hung").switches()).isEqualTo(4);
        assertThat(watchdog().attempts("hung").orElseThrow().count()).isEqualTo(2);

        // the second back-off is twice the first: 2 min
        tc.clock.advance(Duration.ofMinutes(2).plusSeconds(10));
        checkAndSettle();
        assertThat(watchdog().attempts("hung").orElseThrow().gaveUp()).isTrue();
        assertThat(outlet("hung").switches()).as("no third cycle").isEqualTo(4);
        assertThat(tc.center.nodes().byName("hung").orElseThrow().lifecycle()).isEqualTo(Lifecycle.FAILED);
        assertThat(events("power.watchdog_gave_up")).isEqualTo(1);

        tc.clock.advance(Duration.ofMinutes(30));
        checkAndSettle();
        assertThat(outlet("hung").switches()).isEqualTo(4);
        assertThat(outlet("left-alone").switches()).as("not opted in").isZero();
    }

    @Test
    void aNodeThatHeartbeatsAfterACycleIsForgiven() {
        tc.clock.advance(Duration.ofMinutes(3));
        checkAndSettle();
        assertThat(outlet("hung").switches()).isEqualTo(2);
        tc.clock.advance(Duration.ofSeconds(20));
        tc.heartbeat(credential, tc.sample(0.1, 40.0));
        checkAndSettle();
        assertThat(watchdog().attempts("hung")).isEmpty();
        assertThat(events("power.watchdog_recovered")).isEqualTo(1);
    }

    @Test
    void aNodeSwitchedOffOnPurposeIsNotCycled() throws Exception {
        tc.center.power().switchOutlet("hung", false, "test", null, java.util.Map.of());
        tc.clock.advance(Duration.ofMinutes(10));
        checkAndSettle();
        assertThat(outlet("hung").switches()).isEqualTo(1);
        assertThat(outlet("hung").status()).isEqualTo(PowerSwitch.State.OFF);
    }
}
