package io.bramble.agent.board;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The locate button on Pi4J's mock GPIO: wired to GND with the pull-up, so pressed = LOW. */
class ButtonTest {
    @TempDir
    Path root;
    MockPi pi;
    Board board;
    MockDigitalInput pin;
    final AtomicInteger presses = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        pi = MockPi.pi4(root);
        board = pi.open("board:\n  button: {pin: 17, debounce: 50ms}\n");
        pin = pi.input("button");
        pin.mockState(DigitalState.HIGH); // released
        pi.ticker.advanceMillis(100);
        board.onButtonPress(presses::incrementAndGet);
    }

    @AfterEach
    void close() {
        pi.close();
    }

    @Test
    void aPressHeldForTheDebounceTimeCallsTheListenerOnce() {
        pin.mockState(DigitalState.LOW);
        pi.ticker.advanceMillis(49);
        assertThat(presses).as("not before the debounce time").hasValue(0);
        pi.ticker.advanceMillis(1);
        assertThat(presses).hasValue(1);
        pi.ticker.advanceMillis(2_000);
        assertThat(presses).as("holding it is still one press").hasValue(1);
        pin.mockState(DigitalState.HIGH);
        pi.ticker.advanceMillis(100);
        assertThat(presses).hasValue(1);
        assertThat(board.state().button().present()).isTrue();
        assertThat(board.state().button().detail()).isEqualTo("GPIO 17 via gpiod, pull-up, active low, debounce 50ms");
    }

    @Test
    void contactBounceWithinTheDebounceTimeIsStillOnePress() {
        for (int i = 0; i < 6; i++) {
            pin.mockState(DigitalState.LOW);
            pi.ticker.advanceMillis(3);
            pin.mockState(DigitalState.HIGH);
            pi.ticker.advanceMillis(2);
        }
        pin.mockState(DigitalState.LOW);
        pi.ticker.advanceMillis(60);
        assertThat(presses).hasValue(1);
        // bounce on release, then a glitch shorter than the debounce time while released
        for (int i = 0; i < 4; i++) {
            pin.mockState(DigitalState.HIGH);
            pi.ticker.advanceMillis(4);
            pin.mockState(DigitalState.LOW);
            pi.ticker.advanceMillis(4);
        }
        pin.mockState(DigitalState.HIGH);
        pi.ticker.advanceMillis(60);
        pin.mockState(DigitalState.LOW);
        pi.ticker.advanceMillis(20);
        pin.mockState(DigitalState.HIGH);
        pi.ticker.advanceMillis(60);
        assertThat(presses).hasValue(1);
    }

    @Test
    void twoSeparatePressesAreTwo() {
        for (int i = 0; i < 2; i++) {
            pin.mockState(DigitalState.LOW);
            pi.ticker.advanceMillis(80);
            pin.mockState(DigitalState.HIGH);
            pi.ticker.advanceMillis(80);
        }
        assertThat(presses).hasValue(2);
    }

    @Test
    void aButtonHeldWhenTheAgentStartsIsNotAPressUntilReleasedAndPressedAgain() {
        ManualTicker t = new ManualTicker();
        AtomicInteger count = new AtomicInteger();
        Debouncer d = new Debouncer(t, java.time.Duration.ofMillis(50), new Object(), true, count::incrementAndGet);
        t.advanceMillis(500);
        assertThat(count).hasValue(0);
        assertThat(d.pressed()).isTrue();
        d.edge(false);
        t.advanceMillis(60);
        assertThat(d.pressed()).isFalse();
        d.edge(true);
        t.advanceMillis(60);
        assertThat(count).hasValue(1);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        AtomicInteger second = new AtomicInteger();
        board.onButtonPress(() -> {
            throw new IllegalStateException("boom");
        });
        board.onButtonPress(second::incrementAndGet);
        pin.mockState(DigitalState.LOW);
        pi.ticker.advanceMillis(60);
        assertThat(presses).hasValue(1);
        assertThat(second).hasValue(1);
    }
}
