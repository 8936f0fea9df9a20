package io.bramble.agent.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fan the kernel drives and reports through hwmon: the Raspberry Pi 5's fan connector
 * ({@code name} = {@code pwmfan}): {@code fan1_input} is its speed in rpm, {@code pwm1} its duty 0..255.
 */
final class HwmonFan {
    private final Path dir;

    private HwmonFan(Path dir) {
        this.dir = dir;
    }

    /** The first hwmon device named pwmfan under {@code root}, or null. */
    static HwmonFan find(Path root) {
        Path hwmon = root.resolve("sys/class/hwmon");
        if (!Files.isDirectory(hwmon)) return null;
        List<Path> devices;
        try (Stream<Path> s = Files.list(hwmon)) {
            devices = s.filter(p -> p.getFileName().toString().startsWith("hwmon")).sorted().toList();
        } catch (IOException e) {
            return null;
        }
        for (Path d : devices)
            if ("pwmfan".equals(SysfsLed.firstLine(d.resolve("name")))) return new HwmonFan(d);
        return null;
    }

    String describe() {
        return "Raspberry Pi 5 fan connector via /sys/class/hwmon/" + dir.getFileName() + " (driven by the kernel; the agent reads it)";
    }

    /** Speed in rpm, or null when unreadable. */
    Integer rpm() {
        return number("fan1_input", Integer.MAX_VALUE);
    }

    /** Duty as a percentage of 255, or null when unreadable. */
    Integer percent() {
        Integer pwm = number("pwm1", 255);
        return pwm == null ? null : (int) Math.round(pwm * 100.0 / 255);
    }

    private Integer number(String file, int max) {
        String line = SysfsLed.firstLine(dir.resolve(file));
        if (line == null) return null;
        try {
            int v = Integer.parseInt(line);
            return v < 0 || v > max ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
