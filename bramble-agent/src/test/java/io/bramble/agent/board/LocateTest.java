package io.bramble.agent.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locate: the LED blinks for the duration and is then given back as it was, GPIO LED or ACT LED. */
class LocateTest {
    @TempDir
    Path root;
    MockPi pi;

    @AfterEach
    void close() {
        if (pi != null) pi.close();
    }

    /** The LED's level every {@code stepMs} for {@code steps} steps. */
    private static List<Boolean> trace(MockPi pi, java.util.function.BooleanSupplier led, int steps, long stepMs) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            out.add(led.getAsBoolean());
            pi.ticker.advanceMillis(stepMs);
        }
        return out;
    }

    @Test
    void aGpioLocateLedBlinksForTheDurationThenGoesOff() throws Exception {
        pi = MockPi.pi4(root);
        Board board = pi.open("board:\n  locateLed: {pin: 27}\n");
        assertThat(pi.high("locate-led")).isFalse();
        assertThat(board.state().locateLed().detail()).isEqualTo("GPIO 27 via gpiod, active high");

        board.locate(Duration.ofSeconds(2));
        assertThat(board.state().locating()).isTrue();
        // fast blink: 125 ms on, 125 ms off
        assertThat(trace(pi, () -> pi.high("locate-led"), 8, 125)).containsExactly(true, false, true, false, true, false, true, false);
        pi.ticker.advanceMillis(1_000);
        assertThat(board.state().locating()).isFalse();
        assertThat(pi.high("locate-led")).isFalse();
        assertThat(trace(pi, () -> pi.high("locate-led"), 8, 125)).as("stays off").containsOnly(false);
        assertThat(pi.ticker.pending()).as("no blink task left behind").isZero();
    }

    @Test
    void anActiveLowLocateLedIsOffWhenHigh() throws Exception {
        pi = MockPi.pi4(root);
        Board board = pi.open("board:\n  locateLed: {pin: 27, active: low}\n");
        assertThat(pi.high("locate-led")).isTrue();
        board.locate(Duration.ofSeconds(1));
        assertThat(pi.high("locate-led")).as("lit").isFalse();
        pi.ticker.advanceMillis(1_000);
        assertThat(pi.high("locate-led")).isTrue();
    }

    @Test
    void aNewLocateReplacesTheRunningOneAndClearStopsAtOnce() throws Exception {
        pi = MockPi.pi4(root);
        Board board = pi.open("board:\n  locateLed: {pin: 27}\n");
        board.locate(Duration.ofSeconds(2));
        pi.ticker.advanceMillis(1_500);
        board.locate(Duration.ofSeconds(2));
        pi.ticker.advanceMillis(1_000);
        assertThat(board.state().locating()).as("the first deadline no longer counts").isTrue();
        pi.ticker.advanceMillis(1_000);
        assertThat(board.state().locating()).isFalse();

        board.locate(Duration.ofMinutes(5));
        pi.ticker.advanceMillis(10);
        board.clearLocate();
        assertThat(board.state().locating()).isFalse();
        assertThat(pi.high("locate-led")).isFalse();
        assertThat(pi.ticker.pending()).isZero();
        board.clearLocate(); // nothing running: nothing happens
    }

    @Test
    void aLocateDurationOutsideOneSecondToADayIsRefused() throws Exception {
        pi = MockPi.pi4(root);
        Board board = pi.open("");
        assertThatThrownBy(() -> board.locate(Duration.ZERO)).hasMessage("locate duration must be between 1s and 24h (got 0s)");
        assertThatThrownBy(() -> board.locate(Duration.ofDays(2))).hasMessageContaining("between 1s and 24h");
        assertThat(board.state().locating()).isFalse();
    }

    @Test
    void theActLedBlinksWithTriggerNoneAndGetsItsTriggerBack() throws Exception {
        pi = MockPi.pi4(root);
        Board board = pi.open("");
        assertThat(board.state().locateLed()).satisfies(p -> {
            assertThat(p.present()).isTrue();
            assertThat(p.detail()).isEqualTo("ACT LED via /sys/class/leds/ACT");
        });
        assertThat(pi.contexts).as("the ACT LED needs no Pi4J").hasValue(0);

        board.locate(Duration.ofSeconds(1));
        assertThat(pi.read("sys/class/leds/ACT/trigger")).isEqualTo("none");
        List<String> brightness = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            brightness.add(pi.read("sys/class/leds/ACT/brightness"));
            pi.ticker.advanceMillis(125);
        }
        assertThat(brightness).containsExactly("255", "0", "255", "0");
        pi.ticker.advanceMillis(1_000);
        assertThat(pi.read("sys/class/leds/ACT/trigger")).isEqualTo("mmc0");
        assertThat(pi.read("sys/class/leds/ACT/brightness")).isEqualTo("0");
    }

    @Test
    void closingDuringALocateRestoresTheActLedTrigger() throws Exception {
        pi = MockPi.pi4(root);
        Board board = pi.open("");
        board.locate(Duration.ofMinutes(10));
        pi.ticker.advanceMillis(300);
        assertThat(pi.read("sys/class/leds/ACT/trigger")).isEqualTo("none");
        board.close();
        assertThat(pi.read("sys/class/leds/ACT/trigger")).isEqualTo("mmc0");
        assertThat(pi.ticker.closed).isTrue();
        board.close(); // twice is fine
    }

    @Test
    void anActLedWhoseTriggerWasNoneGetsItsBrightnessBack() throws Exception {
        pi = MockPi.pi4(root);
        pi.actLed("ACT", "none");
        Files.writeString(root.resolve("sys/class/leds/ACT/trigger"), "[none] mmc0 heartbeat\n");
        Files.writeString(root.resolve("sys/class/leds/ACT/brightness"), "255\n");
        Board board = pi.open("");
        board.locate(Duration.ofSeconds(1));
        pi.ticker.advanceMillis(125 + 1);
        assertThat(pi.read("sys/class/leds/ACT/brightness")).isEqualTo("0");
        pi.ticker.advanceMillis(1_000);
        assertThat(pi.read("sys/class/leds/ACT/trigger")).isEqualTo("none");
        assertThat(pi.read("sys/class/leds/ACT/brightness")).isEqualTo("255");
    }

    @Test
    void olderKernelsNameTheActLedLed0() throws Exception {
        pi = new MockPi(root);
        pi.actLed("led0", "mmc0");
        Board board = pi.open("");
        assertThat(board.state().locateLed().detail()).isEqualTo("led0 LED via /sys/class/leds/led0");
        board.locate(Duration.ofSeconds(1));
        assertThat(pi.read("sys/class/leds/led0/trigger")).isEqualTo("none");
        pi.ticker.advanceMillis(1_000);
        assertThat(pi.read("sys/class/leds/led0/trigger")).isEqualTo("mmc0");
    }

    @Test
    void anActLedTheAgentCannotWriteIsAbsentWithWhatToDo() throws Exception {
        pi = MockPi.pi4(root);
        Path trigger = root.resolve("sys/class/leds/ACT/trigger");
        Files.setPosixFilePermissions(trigger, PosixFilePermissions.fromString("r--r--r--"));
        // root may write any file whatever its mode (CI runs as root); an immutable file it may not
        boolean immutable = Files.isWritable(trigger) && chattr("+i", trigger);
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(trigger),
                    "running as root and chattr +i did not work on " + trigger + ": the file stays writable, so there is nothing to test");
            Board board = pi.open("");
            assertThat(board.state().locateLed().present()).isFalse();
            assertThat(board.state().locateLed().detail())
                    .isEqualTo("cannot write /sys/class/leds/ACT/trigger: run the agent as root or add the udev rule from docs/hardware.md; "
                            + "a GPIO LED can be set as board.locateLed.pin");
            board.locate(Duration.ofSeconds(5)); // still "locating": the status LEDs (if any) show it
            assertThat(board.state().locating()).isTrue();
        } finally {
            if (immutable) chattr("-i", trigger); // or the temporary directory cannot be removed
        }
    }

    private static boolean chattr(String flag, Path file) {
        try {
            Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false; // no chattr here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void anActLedWithoutABrightnessFileIsAbsentAndSaysWhichFile() throws Exception {
        pi = MockPi.pi4(root);
        Files.delete(root.resolve("sys/class/leds/ACT/brightness"));
        Board board = pi.open("");
        assertThat(board.state().locateLed().present()).isFalse();
        assertThat(board.state().locateLed().detail()).startsWith("/sys/class/leds/ACT/brightness not found");
    }

    @Test
    void triggerParsingFindsTheBracketedOne() {
        assertThat(SysfsLed.currentTrigger("none rc-feedback [mmc0] heartbeat\n")).isEqualTo("mmc0");
        assertThat(SysfsLed.currentTrigger("[none] mmc0")).isEqualTo("none");
        assertThat(SysfsLed.currentTrigger("none mmc0")).isNull();
    }
}
