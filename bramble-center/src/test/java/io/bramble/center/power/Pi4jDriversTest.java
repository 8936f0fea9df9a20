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

    private static void queueWord(I2C chip, int register, int value) {
        chip.writeRegister(register, new byte[] {(byte) (value >> 8), (byte) value}, 0, 2);
    }

    @Test
    void ina219ReadsVoltsAmpsAndWattsFromItsShuntAndBusRegisters() throws IOException {
        I2C sensor = hardware.i2c(1, 0x40);
        InaMeter meter = new InaMeter(sensor, InaMeter.Chip.INA219, 0.1);
        // 5.1 V on the bus: 1275 steps of 4 mV in bits 15-3; 1.2 A through 0.1 ohm: 120 mV = 12000 steps of 10 uV
        queueWord(sensor, InaMeter.SHUNT, 12000);
        queueWord(sensor, InaMeter.BUS, 1275 << 3);
        var r = meter.read();
        assertThat(r.volts()).isEqualTo(5.1);
        assertThat(r.amps()).isEqualTo(1.2);
        assertThat(r.watts()).isEqualTo(6.12);
    }

    @Test
    void ina226UsesItsOwnScalesAndAMeteredOutletReadsFromTheSensor() throws IOException {
        var cfg = io.bramble.core.config.ConfigLoader.parse("center.yaml", """
                power:
                  outlets:
                    - {node: pi5, driver: gpio, pin: 5, meter: ina226, meterAddress: 65, shuntOhms: 0.01}
                """, io.bramble.center.config.CenterConfig.class).power();
        PowerSwitch outlet = PowerService.outlets(cfg, hardware).get("pi5").power();
        assertThat(outlet.driver()).isEqualTo("gpio");
        I2C sensor = hardware.i2c(1, 0x41);
        // 5.0 V: 4000 steps of 1.25 mV; 2 A through 0.01 ohm: 20 mV = 8000 steps of 2.5 uV
        queueWord(sensor, InaMeter.SHUNT, 8000);
        queueWord(sensor, InaMeter.BUS, 4000);
        var r = outlet.read().orElseThrow();
        assertThat(r.volts()).isEqualTo(5.0);
        assertThat(r.amps()).isEqualTo(2.0);
        assertThat(r.watts()).isEqualTo(10.0);
        outlet.off();
        assertThat(outlet.status()).isEqualTo(PowerSwitch.State.OFF);
    }
}
