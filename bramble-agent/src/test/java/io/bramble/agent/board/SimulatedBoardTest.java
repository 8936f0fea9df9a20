package io.bramble.agent.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The demo's board: every part simulated and saying so, behaving like the real logic. */
class SimulatedBoardTest {
    @Test
    void everyPartIsPresentAndSaysSimulated() {
        try (SimulatedBoard b = new SimulatedBoard()) {
            var s = b.state();
            assertThat(s.simulated()).isTrue();
            for (var part : java.util.List.of(s.button(), s.locateLed(), s.statusLeds(), s.fan())) {
                assertThat(part.present()).isTrue();
                assertThat(part.detail()).isEqualTo("simulated");
            }
        }
    }

    @Test
    void aPressCallsTheListenersOnce() {
        try (SimulatedBoard b = new SimulatedBoard()) {
            AtomicInteger presses = new AtomicInteger();
            b.onButtonPress(presses::incrementAndGet);
            b.press();
            assertThat(presses).hasValue(1);
        }
    }

    @Test
    void theFanFollowsTheCurveFromTemperatures() {
        ManualTicker t = new ManualTicker();
        try (SimulatedBoard b = new SimulatedBoard(BoardConfig.NONE, t, t)) {
            assertThat(b.fanPercent()).isEqualTo(100);
            b.onTemperature(40.0);
            assertThat(b.fanPercent()).isZero();
            b.onTemperature(62.0);
            assertThat(b.fanPercent()).isEqualTo(50);
            assertThat(b.state().fanPercent()).isEqualTo(50);
        }
    }

    @Test
    void locateBlinksTheSimulatedLedAndTheStatusLedOnTheRealScheduler() {
        try (SimulatedBoard b = new SimulatedBoard()) {
            b.showHealth("up", null, false);
            assertThat(b.statusLedNow()).isEqualTo(LedColour.GREEN);
            b.locate(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(2)).until(() -> !b.locateLedOn());
            await().atMost(Duration.ofSeconds(2)).until(b::locateLedOn);
            await().atMost(Duration.ofSeconds(3)).until(() -> !b.state().locating());
            assertThat(b.locateLedOn()).isFalse();
            assertThat(b.statusLedNow()).isEqualTo(LedColour.GREEN);
        }
    }

    @Test
    void aConfiguredMappingAppliesToTheSimulatedStatusLed() {
        ManualTicker t = new ManualTicker();
        BoardConfig config = MockPi.config("board:\n  simulated: true\n  statusLeds:\n    pin: 22\n    show:\n      up: white\n");
        try (SimulatedBoard b = new SimulatedBoard(config, t, Clock.systemUTC())) {
            b.showHealth("up", null, false);
            assertThat(b.statusLedNow()).isEqualTo(LedColour.WHITE);
            assertThat(b.state().statusLeds().detail()).isEqualTo("simulated");
        }
    }
}
