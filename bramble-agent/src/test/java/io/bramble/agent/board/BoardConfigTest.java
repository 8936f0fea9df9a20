package io.bramble.agent.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bramble.agent.AgentConfig;
import io.bramble.core.config.ConfigException;
import io.bramble.core.config.ConfigLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoardConfigTest {
    private static BoardConfig parse(String yaml) {
        return ConfigLoader.parse("agent.yaml", yaml, AgentConfig.class).board();
    }

    private static ConfigException refused(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void noBoardSectionMeansNothingWiredAndTheActLedAsLocateLed() {
        BoardConfig b = ConfigLoader.defaults(AgentConfig.class).board();
        assertThat(b).isEqualTo(BoardConfig.NONE);
        assertThat(b.simulated()).isFalse();
        assertThat(b.button()).isNull();
        assertThat(b.locateLed()).isNull();
        assertThat(b.usesGpio()).isFalse();
    }

    @Test
    void aFullBoardLoadsWithItsDefaultsFilledIn() {
        BoardConfig b = parse("""
                board:
                  button: {pin: 17}
                  locateLed: {pin: 27}
                  statusLeds:
                    red: 5
                    green: 6
                    blue: 13
                    show:
                      up: green heartbeat
                      diskFull: magenta blink
                  fan:
                    pin: 18
                    curve:
                      - {temp: 45, percent: 40}
                      - {temp: 65, percent: 100}
                """);
        assertThat(b.button().pull()).isEqualTo(BoardConfig.Pull.UP);
        assertThat(b.button().active()).isEqualTo(BoardConfig.Active.LOW);
        assertThat(b.button().debounce()).isEqualTo(Duration.ofMillis(50));
        assertThat(b.locateLed().active()).isEqualTo(BoardConfig.Active.HIGH);
        assertThat(b.statusLeds().rgb()).isTrue();
        assertThat(b.statusLeds().diskFullPercent()).isEqualTo(90);
        assertThat(b.statusLeds().shows())
                .containsEntry(StatusCondition.UP, new LedShow(LedColour.GREEN, LedPattern.HEARTBEAT))
                .containsEntry(StatusCondition.DISK_FULL, new LedShow(LedColour.MAGENTA, LedPattern.BLINK))
                .containsEntry(StatusCondition.LOCATED, new LedShow(LedColour.BLUE, LedPattern.BLINK))
                .containsEntry(StatusCondition.DEGRADED, new LedShow(LedColour.AMBER, LedPattern.SOLID));
        assertThat(b.fan().frequency()).isEqualTo(25_000);
        assertThat(b.fan().hysteresis()).isEqualTo(5.0);
        assertThat(b.fan().curve()).hasSize(2);
        assertThat(b.usesGpio()).isTrue();
    }

    @Test
    void aButtonPulledDownIsActiveHighUnlessSaidOtherwise() {
        assertThat(parse("board:\n  button: {pin: 4, pull: down}\n").button().active()).isEqualTo(BoardConfig.Active.HIGH);
        assertThat(parse("board:\n  button: {pin: 4, pull: Down, active: LOW}\n").button().active()).isEqualTo(BoardConfig.Active.LOW);
    }

    @Test
    void aPinOutsideTheHeaderIsRefusedWithTheRangeAndLine() {
        ConfigException e = refused("""
                board:
                  button:
                    pin: 28
                """);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("board.button.pin");
        assertThat(e.getMessage()).isEqualTo("agent.yaml line 3: board.button.pin: must be between 0 and 27 (got 28)");
    }

    @Test
    void aButtonWithoutAPinIsRefused() {
        assertThat(refused("board:\n  button: {pull: up}\n").getMessage())
                .contains("board.button.pin").contains("is required").contains("0..27");
    }

    @Test
    void aPinUsedByTwoPartsIsRefusedNamingBoth() {
        ConfigException e = refused("""
                board:
                  button: {pin: 17}
                  statusLeds:
                    red: 5
                    green: 17
                    blue: 13
                """);
        assertThat(e.key()).isEqualTo("board.statusLeds.green");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.reason()).isEqualTo("GPIO 17 is already used by board.button.pin; each pin can serve one part");
    }

    @Test
    void theFanPinMustBeAHardwarePwmPin() {
        assertThat(refused("board:\n  fan: {pin: 17}\n").getMessage())
                .isEqualTo("agent.yaml line 2: board.fan.pin: must be a hardware PWM pin: 12, 13, 18 or 19 (got 17)");
    }

    @Test
    void anUnorderedCurveIsRefusedAtTheStepOutOfOrder() {
        ConfigException e = refused("""
                board:
                  fan:
                    pin: 18
                    curve:
                      - {temp: 60, percent: 50}
                      - {temp: 55, percent: 80}
                """);
        assertThat(e.key()).isEqualTo("board.fan.curve[1].temp");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.reason()).contains("must be above the previous step's 60.0 °C").contains("got 55.0");
    }

    @Test
    void curvePercentsAndHysteresisAreRangeChecked() {
        assertThat(refused("board:\n  fan:\n    pin: 18\n    curve:\n      - {temp: 60, percent: 120}\n").getMessage())
                .contains("board.fan.curve[0].percent").contains("must be between 0 and 100 (got 120)");
        assertThat(refused("board:\n  fan: {pin: 18, hysteresis: 30}\n").getMessage())
                .contains("board.fan.hysteresis: must be between 0 and 20 °C (got 30.0)");
        assertThat(refused("board:\n  fan: {pin: 18, frequency: 5}\n").getMessage())
                .contains("board.fan.frequency: must be between 10 and 100000 (got 5)");
    }

    @Test
    void statusLedsNeedOnePinOrRgbPinsNotBoth() {
        assertThat(refused("board:\n  statusLeds: {diskFullPercent: 80}\n").getMessage())
                .contains("board.statusLeds.pin").contains("set pin for one LED, or red, green and blue");
        assertThat(refused("board:\n  statusLeds: {pin: 22, red: 5}\n").getMessage())
                .contains("either pin (one LED) or red/green/blue");
    }

    @Test
    void aColourTheLedCannotShowIsRefused() {
        ConfigException e = refused("""
                board:
                  statusLeds:
                    red: 5
                    green: 6
                """);
        assertThat(e.key()).isEqualTo("board.statusLeds.show.located");
        assertThat(e.reason()).isEqualTo("blue needs the blue pin; wire it or choose a colour this LED has");
        // a red/green LED is fine once "located" uses a colour it has
        BoardConfig ok = parse("board:\n  statusLeds:\n    red: 5\n    green: 6\n    show:\n      located: green fast_blink\n");
        assertThat(ok.statusLeds().shows().get(StatusCondition.LOCATED)).isEqualTo(new LedShow(LedColour.GREEN, LedPattern.FAST_BLINK));
    }

    @Test
    void anUnknownConditionOrColourInTheMappingIsRefused() {
        assertThat(refused("board:\n  statusLeds:\n    pin: 22\n    show:\n      happy: green\n").getMessage())
                .contains("board.statusLeds.show.happy: unknown condition; known: located, underVoltage, diskFull, throttled, degraded, up, unknown");
        ConfigException e = refused("board:\n  statusLeds:\n    pin: 22\n    show:\n      up: pink\n");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.reason()).isEqualTo("'pink' is not an LED colour; use one of off, red, green, blue, amber, cyan, magenta, white");
    }

    @Test
    void aLocateLedIsEitherAGpioPinOrASysfsLed() {
        assertThat(parse("board:\n  locateLed: {sysfs: PWR}\n").locateLed().sysfs()).isEqualTo("PWR");
        assertThat(refused("board:\n  locateLed: {pin: 27, sysfs: ACT}\n").getMessage()).contains("set either pin");
        assertThat(refused("board:\n  locateLed: {sysfs: ../../etc}\n").getMessage()).contains("board.locateLed.sysfs: must be an LED name");
        assertThat(refused("board:\n  locateLed: {enabled: false, pin: 27}\n").getMessage()).contains("board.locateLed.enabled");
    }

    @Test
    void anUnknownKeyUnderBoardListsTheKnownOnes() {
        assertThat(refused("board:\n  buton: {pin: 17}\n").getMessage())
                .contains("board.buton: unknown key").contains("button").contains("locateLed").contains("statusLeds").contains("fan");
        assertThat(refused("board:\n  button: {pin: 17, pull: sideways}\n").getMessage())
                .contains("board.button.pull").contains("up, down, off");
    }

    @Test
    void theBoardSurvivesCommandLineOverrides() {
        AgentConfig c = ConfigLoader.parse("agent.yaml", "board:\n  simulated: true\n", AgentConfig.class);
        assertThat(c.withOverrides("http://center:8080", null, null).board().simulated()).isTrue();
    }

    @Test
    void coloursPatternsAndFanModesParseAsPeopleWriteThem() {
        assertThat(LedColour.of(" Amber ")).isEqualTo(LedColour.AMBER);
        assertThat(LedColour.of("yellow")).isEqualTo(LedColour.AMBER);
        assertThatThrownBy(() -> LedColour.of("")).hasMessageContaining("is not an LED colour; use one of off, red");
        assertThat(LedPattern.of("fast-blink")).isEqualTo(LedPattern.FAST_BLINK);
        assertThat(LedPattern.of("SOLID")).isEqualTo(LedPattern.SOLID);
        assertThatThrownBy(() -> LedPattern.of("strobe")).hasMessage("'strobe' is not an LED pattern; use one of solid, blink, fast_blink, slow_blink, heartbeat");
        assertThat(FanMode.parse("AUTO")).isEqualTo(FanMode.auto());
        assertThat(FanMode.parse("60%")).isEqualTo(FanMode.fixed(60));
        assertThat(FanMode.parse("fixed 35")).isEqualTo(FanMode.fixed(35));
        assertThat(FanMode.fixed(35).label()).isEqualTo("fixed");
        assertThat(FanMode.auto().toString()).isEqualTo("auto");
        assertThatThrownBy(() -> FanMode.parse("fast")).hasMessageContaining("write auto or a percent from 0 to 100");
        assertThatThrownBy(() -> FanMode.parse("101")).hasMessageContaining("between 0 and 100 (got 101)");
    }
}
