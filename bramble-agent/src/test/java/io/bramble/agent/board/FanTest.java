package io.bramble.agent.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fan: curve with hysteresis, fixed mode, safe defaults, on Pi4J's mock PWM; the Pi 5 fan from hwmon. */
class FanTest {
    static final String FAN = """
            board:
              fan:
                pin: 18
                hysteresis: 5
                curve:
                  - {temp: 50, percent: 30}
                  - {temp: 60, percent: 60}
                  - {temp: 70, percent: 100}
            """;

    @TempDir
    Path root;
    MockPi pi;

    @AfterEach
    void close() {
        if (pi != null) pi.close();
    }

    private Board open(String yaml) throws Exception {
        pi = MockPi.pi4(root);
        return pi.open(yaml);
    }

    private int percent(Board b) {
        return b.state().fanPercent();
    }

    @Test
    void theFanRunsFullUntilTheFirstTemperatureArrives() throws Exception {
        Board b = open(FAN);
        assertThat(percent(b)).isEqualTo(100);
        assertThat(pi.fanDuty()).isEqualTo(100);
        assertThat(b.state().fanMode()).isEqualTo("auto");
        assertThat(b.state().fan().detail()).isEqualTo("GPIO 18 hardware PWM (pwmchip0 channel 0) via linuxfs, 25000 Hz");
        assertThat(pi.pwm("fan").getFrequency()).isEqualTo(25_000);
    }

    @Test
    void risingTemperatureStepsUpAtEachStep() throws Exception {
        Board b = open(FAN);
        b.onTemperature(40.0);
        assertThat(percent(b)).isZero();
        assertThat(pi.fanDuty()).isZero();
        assertThat(pi.pwm("fan").isOn()).as("0 % switches the PWM off").isFalse();
        b.onTemperature(50.0);
        assertThat(percent(b)).isEqualTo(30);
        assertThat(pi.fanDuty()).isEqualTo(30);
        b.onTemperature(59.9);
        assertThat(percent(b)).isEqualTo(30);
        b.onTemperature(61.0);
        assertThat(percent(b)).isEqualTo(60);
        b.onTemperature(85.0);
        assertThat(percent(b)).isEqualTo(100);
        assertThat(pi.fanDuty()).isEqualTo(100);
    }

    @Test
    void fallingInsideTheHysteresisBandKeepsTheSpeedAndBelowItSlowsDown() throws Exception {
        Board b = open(FAN);
        b.onTemperature(62.0);
        assertThat(percent(b)).isEqualTo(60);
        b.onTemperature(58.0);
        assertThat(percent(b)).as("58 is within 5 °C of the 60 °C step").isEqualTo(60);
        b.onTemperature(55.0);
        assertThat(percent(b)).as("exactly 60 - 5 still holds").isEqualTo(60);
        b.onTemperature(54.9);
        assertThat(percent(b)).isEqualTo(30);
        assertThat(pi.fanDuty()).isEqualTo(30);
        b.onTemperature(46.0);
        assertThat(percent(b)).isEqualTo(30);
        b.onTemperature(44.0);
        assertThat(percent(b)).isZero();
        // a drop through several steps at once goes straight down
        b.onTemperature(75.0);
        b.onTemperature(30.0);
        assertThat(percent(b)).isZero();
    }

    @Test
    void fixedModeHoldsItsDutyWhateverTheTemperatureAndAutoResumesTheCurve() throws Exception {
        Board b = open(FAN);
        b.onTemperature(65.0);
        b.setFan(FanMode.fixed(40));
        assertThat(b.state().fanMode()).isEqualTo("fixed");
        assertThat(percent(b)).isEqualTo(40);
        assertThat(pi.fanDuty()).isEqualTo(40);
        b.onTemperature(90.0);
        b.onTemperature(null);
        assertThat(pi.fanDuty()).isEqualTo(40);
        b.onTemperature(52.0);
        b.setFan(FanMode.auto());
        assertThat(b.state().fanMode()).isEqualTo("auto");
        assertThat(percent(b)).as("the curve saw every temperature meanwhile").isEqualTo(30);
    }

    @Test
    void anUnknownTemperatureRunsTheFanFull() throws Exception {
        Board b = open(FAN);
        b.onTemperature(45.0);
        assertThat(percent(b)).isZero();
        b.onTemperature(null);
        assertThat(percent(b)).isEqualTo(100);
        b.onTemperature(Double.NaN);
        assertThat(percent(b)).isEqualTo(100);
        b.onTemperature(45.0);
        assertThat(percent(b)).isZero();
    }

    @Test
    void noTemperatureForStaleAfterRunsTheFanFull() throws Exception {
        Board b = open(FAN.replace("hysteresis: 5", "hysteresis: 5\n    staleAfter: 30s"));
        b.onTemperature(45.0);
        pi.ticker.advance(Duration.ofSeconds(29));
        b.onTemperature(45.0);
        pi.ticker.advance(Duration.ofSeconds(29));
        assertThat(percent(b)).isZero();
        pi.ticker.advance(Duration.ofSeconds(2));
        assertThat(percent(b)).isEqualTo(100);
        assertThat(pi.fanDuty()).isEqualTo(100);
    }

    @Test
    void theMinimumRaisesALowButNonZeroDuty() throws Exception {
        Board b = open(FAN.replace("hysteresis: 5", "hysteresis: 5\n    minimum: 45"));
        b.onTemperature(51.0);
        assertThat(percent(b)).isEqualTo(45);
        b.onTemperature(20.0);
        assertThat(percent(b)).as("off stays off").isZero();
        b.setFan(FanMode.fixed(10));
        assertThat(percent(b)).isEqualTo(45);
    }

    @Test
    void theDefaultCurveFollowsThePi5FansKernelSteps() {
        FanCurve c = new FanCurve(BoardConfig.Fan.DEFAULT_CURVE, 5);
        assertThat(List.of(c.update(49), c.update(50), c.update(60), c.update(68), c.update(75), c.update(71), c.update(69)))
                .containsExactly(0, 30, 50, 70, 100, 100, 70);
    }

    @Test
    void withoutAFanSetFanIsRefusedAndTemperaturesAreIgnored() throws Exception {
        Board b = open("");
        b.onTemperature(80.0);
        assertThat(b.state().fan().present()).isFalse();
        assertThat(b.state().fan().detail()).isEqualTo("not configured in agent.yaml (board.fan)");
        assertThat(b.state().fanMode()).isNull();
        assertThatThrownBy(() -> b.setFan(FanMode.fixed(50)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this node has no fan the agent drives (not configured in agent.yaml (board.fan))");
    }

    @Test
    void thePi5FanConnectorIsReadFromHwmon() throws Exception {
        pi = new MockPi(root);
        pi.file("sys/class/hwmon/hwmon0/name", "cpu_thermal\n");
        pi.file("sys/class/hwmon/hwmon0/temp1_input", "55250\n");
        pi.file("sys/class/hwmon/hwmon2/name", "pwmfan\n");
        pi.file("sys/class/hwmon/hwmon2/fan1_input", "2950\n");
        pi.file("sys/class/hwmon/hwmon2/pwm1", "102\n");
        Board b = pi.open("");
        var s = b.state();
        assertThat(s.fan().present()).isTrue();
        assertThat(s.fan().detail()).isEqualTo("Raspberry Pi 5 fan connector via /sys/class/hwmon/hwmon2 (driven by the kernel; the agent reads it)");
        assertThat(s.fanMode()).isEqualTo("kernel");
        assertThat(s.fanRpm()).isEqualTo(2950);
        assertThat(s.fanPercent()).isEqualTo(40);
        Files.writeString(root.resolve("sys/class/hwmon/hwmon2/fan1_input"), "0\n");
        Files.delete(root.resolve("sys/class/hwmon/hwmon2/pwm1"));
        assertThat(b.state().fanRpm()).as("read on every state()").isZero();
        assertThat(b.state().fanPercent()).isNull();
        assertThat(pi.contexts).hasValue(0);
        assertThatThrownBy(() -> b.setFan(FanMode.auto())).hasMessageContaining("no fan the agent drives (Raspberry Pi 5 fan connector");
    }

    @Test
    void thePi5FixtureTreeReportsItsFanSpeed() throws Exception {
        Path fixture = Path.of(getClass().getResource("/fixtures/pi5").toURI());
        try (Board b = Boards.open(BoardConfig.NONE, fixture, java.time.Clock.systemUTC())) {
            assertThat(b.state().fanRpm()).isEqualTo(2950);
            assertThat(b.state().simulated()).isFalse();
        }
    }
}
