package io.bramble.center.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;

/**
 * The GPIO relay and Cluster HAT drivers on Pi4J's mock platform. The mock I²C device hands out
 * bytes queued per register, so the test plays the expander: it queues what the chip would answer
 * and then takes what the driver wrote.
 */
class Pi4jDriversTest {
    private final Pi4jHardware hardware = new Pi4jHardware(() -> Pi4J.newContextBuilder()
            .add(new MockPlatform())
            .add(MockDigitalOutputProvider.newInstance(), MockI2CProvider.newInstance())
            .build());

    @AfterEach
    void close() {
        hardware.close();
    }

    @Test
    void anActiveLowRelayStartsOnAndSwitchesByDrivingThePin() throws IOException {
        var pin = hardware.pin(17, true);
        GpioRelaySwitch relay = new GpioRelaySwitch(pin, true);
        assertThat(pin.state()).as("starts at the level that keeps the Pi on").isEqualTo(DigitalState.LOW);
        assertThat(relay.status()).isEqualTo(PowerSwitch.State.ON);
        relay.off();
        assertThat(pin.state()).isEqualTo(DigitalState.HIGH);
        assertThat(relay.status()).isEqualTo(PowerSwitch.State.OFF);
        relay.on();
        assertThat(pin.state()).isEqualTo(DigitalState.LOW);
        assertThat(hardware.pin(17, true)).as("one output per pin").isSameAs(pin);
    }

    @Test
    void anActiveHighRelayIsOnWhenThePinIsHigh() throws IOException {
        GpioRelaySwitch relay = new GpioRelaySwitch(hardware.pin(27, false), false);
        relay.off();
        assertThat(relay.status()).isEqualTo(PowerSwitch.State.OFF);
        relay.on();
        assertThat(relay.status()).isEqualTo(PowerSwitch.State.ON);
    }

    @Test
    void clusterHatSetsOnlyItsOwnBitAndMakesItAnOutput() throws IOException {
        I2C chip = hardware.i2c(1, 0x20);
        I2cExpanderSwitch p3 = new I2cExpanderSwitch(chip, 2, false);
        // the expander after power-up: every pin an input; P1 already on from an earlier switch
        chip.writeRegister(I2cExpanderSwitch.CONFIG, (byte) 0xff);
        chip.writeRegister(I2cExpanderSwitch.OUTPUT, (byte) 0b0000_0001);
        p3.on();
        assertThat(chip.readRegister(I2cExpanderSwitch.CONFIG) & 0xff).as("bit 2 made an output").isEqualTo(0b1111_1011);
        assertThat(chip.readRegister(I2cExpanderSwitch.OUTPUT) & 0xff).as("P1 kept, P3 on").isEqualTo(0b0000_0101);

        chip.writeRegister(I2cExpanderSwitch.CONFIG, (byte) 0b1111_1011);
        chip.writeRegister(I2cExpanderSwitch.OUTPUT, (byte) 0b1000_0101);
        p3.off();
        assertThat(chip.readRegister(I2cExpanderSwitch.OUTPUT) & 0xff).isEqualTo(0b1000_0001);

        chip.writeRegister(I2cExpanderSwitch.OUTPUT, (byte) 0b0000_0100);
        assertThat(p3.status()).isEqualTo(PowerSwitch.State.ON);
        chip.writeRegister(I2cExpanderSwitch.OUTPUT, (byte) 0b0000_0001);
        assertThat(p3.status()).isEqualTo(PowerSwitch.State.OFF);
    }

    @Test
    void anExpanderThatDoesNotAnswerIsNamedInTheError() {
        I2cExpanderSwitch p1 = new I2cExpanderSwitch(hardware.i2c(1, 0x21), 0, false);
        assertThatThrownBy(p1::status).isInstanceOf(IOException.class).hasMessageContaining("address 0x21").hasMessageContaining("bit 0");
    }

    @Test
    void gpioOutletsAreBuiltFromCenterYaml() throws IOException {
        var cfg = io.bramble.core.config.ConfigLoader.parse("center.yaml", """
                power:
                  outlets:
                    - {node: relay-pi, driver: gpio, pin: 22, activeLow: true}
                    - {node: zero1, driver: clusterhat, bit: 0}
                """, io.bramble.center.config.CenterConfig.class).power();
        var outlets = PowerService.outlets(cfg, hardware);
        assertThat(outlets.get("relay-pi").power()).isInstanceOf(GpioRelaySwitch.class);
        assertThat(outlets.get("zero1").power()).isInstanceOf(I2cExpanderSwitch.class);
        outlets.get("relay-pi").power().off();
        assertThat(hardware.pin(22, true).state()).isEqualTo(DigitalState.HIGH);
        assertThatThrownBy(() -> io.bramble.core.config.ConfigLoader.parse("center.yaml",
                "power:\n  outlets:\n    - {node: z, driver: clusterhat}\n", io.bramble.center.config.CenterConfig.class))
                .hasMessageContaining("bit");
    }
}
