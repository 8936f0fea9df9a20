package io.bramble.agent.board;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import io.bramble.core.config.ConfigLoader;
import io.bramble.agent.AgentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A Raspberry Pi for tests: a root tree with /dev/gpiochip0 and the PWM and LED sysfs files, and Pi4J's
 * mock platform standing in for libgpiod and the PWM sysfs provider. Counts the contexts made.
 */
final class MockPi implements Supplier<Context>, AutoCloseable {
    final Path root;
    final ManualTicker ticker = new ManualTicker();
    final AtomicInteger contexts = new AtomicInteger();
    Context context;
    Board board;

    MockPi(Path root) {
        this.root = root;
    }

    /** A Pi 4-like tree: a GPIO chip, the SoC's PWM chip, the ACT LED showing SD card activity. */
    static MockPi pi4(Path root) throws IOException {
        MockPi pi = new MockPi(root);
        pi.file("dev/gpiochip0", "");
        pi.file("proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.4\0");
        Path device = pi.dir("sys/devices/platform/soc/fe20c000.pwm/pwm/pwmchip0");
        Files.createDirectories(root.resolve("sys/class/pwm"));
        Files.createSymbolicLink(root.resolve("sys/class/pwm/pwmchip0"), device);
        pi.actLed("ACT", "mmc0");
        return pi;
    }

    Path dir(String rel) throws IOException {
        return Files.createDirectories(root.resolve(rel));
    }

    Path file(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    void actLed(String name, String trigger) throws IOException {
        file("sys/class/leds/" + name + "/trigger", "none rc-feedback kbd-scrolllock timer oneshot heartbeat default-on [" + trigger + "] mmc1\n");
        file("sys/class/leds/" + name + "/brightness", "0\n");
        file("sys/class/leds/" + name + "/max_brightness", "255\n");
    }

    String read(String rel) throws IOException {
        return Files.readString(root.resolve(rel)).strip();
    }

    @Override
    public Context get() {
        contexts.incrementAndGet();
        context = Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(), MockPwmProvider.newInstance())
                .build();
        return context;
    }

    Board open(String boardYaml) {
        board = Boards.open(config(boardYaml), root, ticker, this, ticker);
        return board;
    }

    static io.bramble.agent.board.BoardConfig config(String boardYaml) {
        return ConfigLoader.parse("agent.yaml", boardYaml, AgentConfig.class).board();
    }

    MockDigitalInput input(String id) {
        return context.registry().get(id, MockDigitalInput.class);
    }

    boolean high(String id) {
        return context.registry().get(id, DigitalOutput.class).state() == DigitalState.HIGH;
    }

    Pwm pwm(String id) {
        return context.registry().get(id, Pwm.class);
    }

    /** The fan's duty as the PWM output has it, 0 when switched off. */
    int fanDuty() {
        Pwm p = pwm("fan");
        return p.isOn() ? p.getDutyCycle() : 0;
    }

    @Override
    public void close() {
        if (board != null) board.close();
    }
}
