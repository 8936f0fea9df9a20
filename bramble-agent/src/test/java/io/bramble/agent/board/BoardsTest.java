package io.bramble.agent.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bramble.core.json.Json;
import io.bramble.core.wire.BoardState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the board a config describes: what is present, what is absent and why, when Pi4J is touched. */
class BoardsTest {
    @TempDir
    Path root;

    @Test
    void nothingConfiguredOnAPcIsAllAbsentWithReasonsAndNoPi4j() throws Exception {
        MockPi pc = new MockPi(Path.of(getClass().getResource("/fixtures/pc").toURI()));
        try (Board b = pc.open("")) {
            BoardState s = b.state();
            assertThat(s.simulated()).isFalse();
            assertThat(s.button()).isEqualTo(BoardState.Part.absent("not configured in agent.yaml (board.button)"));
            assertThat(s.statusLeds()).isEqualTo(BoardState.Part.absent("not configured in agent.yaml (board.statusLeds)"));
            assertThat(s.fan()).isEqualTo(BoardState.Part.absent("not configured in agent.yaml (board.fan)"));
            assertThat(s.locateLed().present()).isFalse();
            assertThat(s.locateLed().detail()).isEqualTo("/sys/class/leds/ACT and /sys/class/leds/led0 not found (not a Raspberry Pi, "
                    + "or the LED has another name: set board.locateLed.sysfs); a GPIO LED can be set as board.locateLed.pin");
            assertThat(s.ledColour()).isNull();
            assertThat(s.fanMode()).isNull();
            assertThat(s.fanPercent()).isNull();
            assertThat(s.fanRpm()).isNull();
            b.locate(java.time.Duration.ofSeconds(5));
            b.showHealth("up", null, false);
            b.onTemperature(50.0);
            assertThat(b.state().locating()).isTrue();
        }
        assertThat(pc.contexts).as("no Pi4J context, so no native code").hasValue(0);
    }

    @Test
    void gpioPartsOnAMachineWithoutGpioChipsAreAbsentWithoutTouchingPi4j() throws Exception {
        MockPi pc = new MockPi(root);
        try (Board b = pc.open("""
                board:
                  button: {pin: 17}
                  locateLed: {pin: 27}
                  statusLeds: {pin: 22}
                  fan: {pin: 18, chip: 0}
                """)) {
            String why = "no /dev/gpiochip* on this machine (not a Raspberry Pi, or GPIO is not visible to the agent)";
            assertThat(b.state().button()).isEqualTo(BoardState.Part.absent(why));
            assertThat(b.state().locateLed()).isEqualTo(BoardState.Part.absent(why));
            assertThat(b.state().statusLeds()).isEqualTo(BoardState.Part.absent(why));
            assertThat(b.state().fan()).isEqualTo(BoardState.Part.absent(why));
        }
        assertThat(pc.contexts).hasValue(0);
    }

    @Test
    void whenPi4jCannotStartEveryGpioPartSaysSo() throws Exception {
        MockPi pi = MockPi.pi4(root);
        int[] attempts = {0};
        try (Board b = Boards.open(MockPi.config("board:\n  button: {pin: 17}\n  statusLeds: {pin: 22}\n"), root, pi.ticker, () -> {
            attempts[0]++;
            throw new UnsatisfiedLinkError("no pi4j-gpiod in java.library.path");
        }, pi.ticker)) {
            assertThat(b.state().button().present()).isFalse();
            assertThat(b.state().button().detail()).isEqualTo("Pi4J could not open GPIO: no pi4j-gpiod in java.library.path");
            assertThat(b.state().statusLeds().detail()).startsWith("Pi4J could not open GPIO");
            assertThat(b.state().locateLed().present()).as("the ACT LED needs no Pi4J").isTrue();
        }
        assertThat(attempts[0]).isEqualTo(2);
    }

    @Test
    void aFanWithoutAPwmChipSaysWhichOverlayToEnable() throws Exception {
        MockPi pi = new MockPi(root);
        pi.file("dev/gpiochip0", "");
        try (Board b = pi.open("board:\n  fan: {pin: 18}\n")) {
            assertThat(b.state().fan().present()).isFalse();
            assertThat(b.state().fan().detail()).isEqualTo("no PWM chip under /sys/class/pwm: add dtoverlay=pwm,pin=18,func=2 (for GPIO 18) "
                    + "to /boot/firmware/config.txt and reboot; see docs/hardware.md");
        }
        try (Board b = pi.open("board:\n  fan: {pin: 18, chip: 3}\n")) {
            assertThat(b.state().fan().detail()).startsWith("/sys/class/pwm/pwmchip3 not found: add dtoverlay=pwm");
        }
    }

    @Test
    void onAPi5TheFanUsesRp1sPwmChipNotTheFanConnectorsAndChannelTwoForGpio18() throws Exception {
        MockPi pi = new MockPi(root);
        pi.file("dev/gpiochip0", "");
        pi.file("proc/device-tree/compatible", "raspberrypi,5-model-b\0brcm,bcm2712\0");
        Path fanChip = pi.dir("sys/devices/platform/axi/1000120000.pcie/1f0009c000.pwm/pwm/pwmchip0");
        Path gpioChip = pi.dir("sys/devices/platform/axi/1000120000.pcie/1f00098000.pwm/pwm/pwmchip2");
        Files.createDirectories(root.resolve("sys/class/pwm"));
        Files.createSymbolicLink(root.resolve("sys/class/pwm/pwmchip0"), fanChip);
        Files.createSymbolicLink(root.resolve("sys/class/pwm/pwmchip2"), gpioChip);
        assertThat(Boards.isPi5(root)).isTrue();
        assertThat(Boards.pwmChip(root, null, true)).isEqualTo(2);
        try (Board b = pi.open("board:\n  fan: {pin: 18}\n")) {
            assertThat(b.state().fan().detail()).isEqualTo("GPIO 18 hardware PWM (pwmchip2 channel 2) via linuxfs, 25000 Hz");
            assertThat(pi.pwm("fan").address()).isEqualTo(2);
        }
        try (Board b = pi.open("board:\n  fan: {pin: 12, channel: 1}\n")) {
            assertThat(b.state().fan().detail()).contains("channel 1");
        }
    }

    @Test
    void pwmChannelsFollowTheSocsPwmBlock() {
        assertThat(Boards.defaultChannel(12, false)).isZero();
        assertThat(Boards.defaultChannel(18, false)).isZero();
        assertThat(Boards.defaultChannel(13, false)).isEqualTo(1);
        assertThat(Boards.defaultChannel(19, false)).isEqualTo(1);
        assertThat(Boards.defaultChannel(18, true)).isEqualTo(2);
        assertThat(Boards.defaultChannel(19, true)).isEqualTo(3);
        assertThatThrownBy(() -> Boards.defaultChannel(17, true)).hasMessageContaining("no hardware PWM");
    }

    @Test
    void aSimulatedConfigGivesASimulatedBoard() throws Exception {
        MockPi pi = new MockPi(root);
        try (Board b = pi.open("board:\n  simulated: true\n")) {
            assertThat(b).isInstanceOf(SimulatedBoard.class);
            assertThat(b.state().simulated()).isTrue();
        }
        assertThat(pi.contexts).hasValue(0);
    }

    @Test
    void theRealOpenWorksOnThisMachineWithoutGpio() {
        try (Board b = Boards.open(BoardConfig.NONE, root, Clock.systemUTC())) {
            assertThat(b.state().button().present()).isFalse();
        }
    }

    @Test
    void realPi4jOnAMachineWithoutItsNativeLibrarySaysSoInsteadOfFailing() throws Exception {
        String arch = System.getProperty("os.arch");
        org.junit.jupiter.api.Assumptions.assumeTrue(arch.equals("amd64") || arch.equals("x86_64"),
                "Pi4J ships libgpiod for ARM only; on " + arch + " this would open the real GPIO");
        MockPi pi = MockPi.pi4(root);
        try (Board b = Boards.open(MockPi.config("board:\n  button: {pin: 17}\n"), root, pi.ticker, null, pi.ticker)) {
            assertThat(b.state().button().present()).isFalse();
            assertThat(b.state().button().detail()).startsWith("Pi4J could not open GPIO");
            assertThat(b.state().locateLed().present()).isTrue();
        }
    }

    @Test
    void boardStateTravelsAsJson() throws Exception {
        MockPi pi = MockPi.pi4(root);
        try (Board b = pi.open("board:\n  button: {pin: 17}\n  fan: {pin: 18}\n")) {
            BoardState s = b.state();
            String json = Json.mapper().writeValueAsString(s);
            assertThat(json).contains("\"button\":{\"present\":true,\"detail\":\"GPIO 17 via gpiod, pull-up, active low, debounce 50ms\"}")
                    .contains("\"fanMode\":\"auto\"").contains("\"fanPercent\":100");
            assertThat(Json.mapper().readValue(json, BoardState.class)).isEqualTo(s);
        } finally {
            pi.close();
        }
    }
}
