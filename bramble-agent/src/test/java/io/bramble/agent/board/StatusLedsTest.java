package io.bramble.agent.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bramble.core.wire.Filesystem;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status LEDs follow health, throttling, disk and locate, on an RGB LED on Pi4J's mock GPIO. */
class StatusLedsTest {
    @TempDir
    Path root;
    MockPi pi;
    Board board;

    @BeforeEach
    void open() throws Exception {
        pi = MockPi.pi4(root);
        board = pi.open("""
                board:
                  statusLeds: {red: 5, green: 6, blue: 13}
                """);
    }

    @AfterEach
    void close() {
        pi.close();
    }

    private static Sample sample(Throttled throttled, List<Filesystem> filesystems) {
        return new Sample(Instant.parse("2026-01-01T00:00:00Z"), 0.1, 0.1, 0.1, 3.0, 4L << 30, 3L << 30, null, null,
                filesystems, 0L, 0L, 100.0, 48.0, throttled);
    }

    private static final Sample HEALTHY = sample(Throttled.fromBits(0), List.of(new Filesystem("/", "/dev/mmcblk0p2", "ext4", 100, 40)));

    /** The RGB pins now, as e.g. "rg-" for amber. */
    private String rgb() {
        return (pi.high("status-red") ? "r" : "-") + (pi.high("status-green") ? "g" : "-") + (pi.high("status-blue") ? "b" : "-");
    }

    private String look() {
        return board.state().ledColour() + " " + board.state().ledPattern();
    }

    @Test
    void beforeAnyHealthTheLedSaysUnknown() {
        assertThat(look()).isEqualTo("amber slow_blink");
        assertThat(board.state().statusLeds().detail()).isEqualTo("RGB LED on GPIO 5/6/13 (red/green/blue) via gpiod, active high");
    }

    @Test
    void upIsGreenSolid() {
        board.showHealth("up", HEALTHY, false);
        assertThat(look()).isEqualTo("green solid");
        assertThat(rgb()).isEqualTo("-g-");
    }

    @Test
    void degradedIsAmber() {
        board.showHealth("degraded", HEALTHY, false);
        assertThat(look()).isEqualTo("amber solid");
        assertThat(rgb()).isEqualTo("rg-");
    }

    @Test
    void throttlingIsAmberEvenWhenTheCenterSaysUp() {
        board.showHealth("up", sample(Throttled.fromBits(0x4), HEALTHY.filesystems()), false);
        assertThat(look()).isEqualTo("amber solid");
        board.showHealth("up", sample(Throttled.fromBits(0x8), HEALTHY.filesystems()), false);
        assertThat(look()).as("soft temperature limit").isEqualTo("amber solid");
        board.showHealth("up", sample(Throttled.fromBits(0x40000), HEALTHY.filesystems()), false);
        assertThat(look()).as("throttled since boot but not now").isEqualTo("green solid");
    }

    @Test
    void underVoltageIsRed() {
        board.showHealth("up", sample(Throttled.fromBits(0x50005), HEALTHY.filesystems()), false);
        assertThat(look()).isEqualTo("red solid");
        assertThat(rgb()).isEqualTo("r--");
    }

    @Test
    void aDiskAtNinetyPercentIsRed() {
        board.showHealth("up", sample(Throttled.fromBits(0), List.of(new Filesystem("/", "/dev/sda2", "ext4", 1000, 899),
                new Filesystem("/boot/firmware", "/dev/sda1", "vfat", 100, 10))), false);
        assertThat(look()).isEqualTo("green solid");
        board.showHealth("up", sample(Throttled.fromBits(0), List.of(new Filesystem("/", "/dev/sda2", "ext4", 1000, 900),
                new Filesystem("/boot/firmware", "/dev/sda1", "vfat", 100, 10))), false);
        assertThat(look()).isEqualTo("red solid");
        // a sample with totals only
        Sample totals = new Sample(Instant.EPOCH, null, null, null, null, null, null, 200L, 190L, List.of(), null, null, null, null, null);
        board.showHealth("up", totals, false);
        assertThat(look()).isEqualTo("red solid");
    }

    @Test
    void locatedIsBlueBlinkingAndWinsOverEverything() {
        board.showHealth("up", sample(Throttled.fromBits(0x1), HEALTHY.filesystems()), true);
        assertThat(look()).isEqualTo("blue blink");
        assertThat(rgb()).isEqualTo("--b");
        pi.ticker.advanceMillis(500);
        assertThat(rgb()).isEqualTo("---");
        pi.ticker.advanceMillis(500);
        assertThat(rgb()).isEqualTo("--b");
        board.showHealth("up", HEALTHY, false);
        assertThat(look()).isEqualTo("green solid");
    }

    @Test
    void aLocalLocateShowsOnTheStatusLedsForItsDuration() {
        board.showHealth("up", HEALTHY, false);
        board.locate(Duration.ofSeconds(3));
        assertThat(look()).isEqualTo("blue blink");
        pi.ticker.advanceMillis(3_000);
        assertThat(look()).isEqualTo("green solid");
        assertThat(rgb()).isEqualTo("-g-");
    }

    @Test
    void anUnknownOrMissingHealthIsUnknown() {
        board.showHealth("stale", HEALTHY, false);
        assertThat(look()).isEqualTo("amber slow_blink");
        board.showHealth(null, null, false);
        assertThat(look()).isEqualTo("amber slow_blink");
    }

    @Test
    void anOverrideHoldsUntilClearedWhileHealthKeepsBeingRemembered() {
        board.showHealth("up", HEALTHY, false);
        board.setLed(LedColour.MAGENTA, LedPattern.FAST_BLINK);
        assertThat(board.state().ledOverride()).isTrue();
        assertThat(look()).isEqualTo("magenta fast_blink");
        assertThat(rgb()).isEqualTo("r-b");
        board.showHealth("degraded", HEALTHY, false);
        assertThat(look()).as("health does not replace the override").isEqualTo("magenta fast_blink");
        board.clearLed();
        assertThat(board.state().ledOverride()).isFalse();
        assertThat(look()).as("back to the latest health").isEqualTo("amber solid");
        assertThat(rgb()).isEqualTo("rg-");
        board.setLed(LedColour.OFF, LedPattern.SOLID);
        assertThat(rgb()).isEqualTo("---");
    }

    @Test
    void theSameLookAgainKeepsTheBlinkRhythm() {
        board.showHealth("up", HEALTHY, true);
        pi.ticker.advanceMillis(300);
        board.showHealth("up", HEALTHY, true); // every heartbeat reply says the same
        pi.ticker.advanceMillis(250);
        assertThat(rgb()).as("550 ms into the cycle: the off half").isEqualTo("---");
    }

    @Test
    void oneLedIsOnForAnyColourAndFollowsThePattern() throws Exception {
        pi.close();
        pi = MockPi.pi4(root.resolve("other"));
        board = pi.open("""
                board:
                  statusLeds:
                    pin: 22
                    active: low
                    show:
                      up: green heartbeat
                """);
        assertThat(board.state().statusLeds().detail()).isEqualTo("LED on GPIO 22 via gpiod, active low");
        board.showHealth("up", HEALTHY, false);
        assertThat(look()).isEqualTo("green heartbeat");
        assertThat(pi.high("status-led")).as("active low: lit").isFalse();
        pi.ticker.advanceMillis(100);
        assertThat(pi.high("status-led")).isTrue();
        board.setLed(LedColour.OFF, LedPattern.SOLID);
        assertThat(pi.high("status-led")).isTrue();
    }

    @Test
    void withoutStatusLedsAnOverrideIsRefusedWithTheReason() throws Exception {
        pi.close();
        pi = MockPi.pi4(root.resolve("bare"));
        Board bare = pi.open("");
        bare.showHealth("up", HEALTHY, false); // fine: nothing to show it on
        assertThat(bare.state().ledColour()).isNull();
        assertThatThrownBy(() -> bare.setLed(LedColour.RED, LedPattern.SOLID))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this node has no status LEDs (not configured in agent.yaml (board.statusLeds))");
    }
}
