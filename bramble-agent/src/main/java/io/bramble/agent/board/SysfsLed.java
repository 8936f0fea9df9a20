package io.bramble.agent.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A board LED under /sys/class/leds (the ACT LED): while claimed its trigger is {@code none} and the
 * agent switches {@code brightness}; release writes the saved trigger (and brightness) back, so the LED
 * goes back to showing SD card activity.
 */
final class SysfsLed implements LocateOutput {
    private static final Logger LOG = LoggerFactory.getLogger(SysfsLed.class);
    private final Path dir;
    private final String maxBrightness;
    private String savedTrigger;
    private String savedBrightness;
    private boolean on;

    private SysfsLed(Path dir, String maxBrightness) {
        this.dir = dir;
        this.maxBrightness = maxBrightness;
    }

    /**
     * Opens the named LED, or for a null name ACT then led0.
     *
     * @throws IllegalStateException naming what is missing or not writable
     */
    static SysfsLed open(Path root, String name) {
        Path leds = root.resolve("sys/class/leds");
        List<String> names = name != null ? List.of(name) : List.of("ACT", "led0");
        Path dir = null;
        for (String n : names) {
            if (Files.isDirectory(leds.resolve(n))) {
                dir = leds.resolve(n);
                break;
            }
        }
        if (dir == null)
            throw new IllegalStateException(names.stream().map(n -> "/sys/class/leds/" + n).reduce((a, b) -> a + " and " + b).orElseThrow()
                    + " not found (not a Raspberry Pi, or the LED has another name: set board.locateLed.sysfs)");
        for (String f : List.of("trigger", "brightness")) {
            Path p = dir.resolve(f);
            if (!Files.isRegularFile(p))
                throw new IllegalStateException("/sys/class/leds/" + dir.getFileName() + "/" + f + " not found");
            if (!Files.isWritable(p))
                throw new IllegalStateException("cannot write /sys/class/leds/" + dir.getFileName() + "/" + f
                        + ": run the agent as root or add the udev rule from docs/hardware.md");
        }
        String max = firstLine(dir.resolve("max_brightness"));
        if (max == null || !max.matches("\\d+") || max.equals("0")) max = "1";
        return new SysfsLed(dir, max);
    }

    String name() {
        return dir.getFileName().toString();
    }

    String describe() {
        return name() + " LED via /sys/class/leds/" + name();
    }

    /** The trigger in [brackets] in the trigger file, e.g. {@code mmc0}. */
    static String currentTrigger(String triggerFile) {
        if (triggerFile == null) return null;
        int open = triggerFile.indexOf('[');
        int close = triggerFile.indexOf(']', open + 1);
        if (open < 0 || close < 0) return null;
        return triggerFile.substring(open + 1, close).strip();
    }

    @Override
    public synchronized void claim() {
        if (savedTrigger != null) return;
        String t = currentTrigger(read("trigger"));
        savedTrigger = t == null ? "none" : t;
        savedBrightness = firstLine(dir.resolve("brightness"));
        write("trigger", "none");
    }

    @Override
    public synchronized void release() {
        if (savedTrigger == null) return;
        // with trigger none the brightness is the agent's to restore; a real trigger takes the LED over itself
        if (savedTrigger.equals("none") && savedBrightness != null) write("brightness", savedBrightness);
        else write("brightness", "0");
        write("trigger", savedTrigger);
        savedTrigger = null;
        on = false;
    }

    @Override
    public synchronized void set(boolean on) {
        this.on = on;
        write("brightness", on ? maxBrightness : "0");
    }

    @Override
    public synchronized boolean isOn() {
        return on;
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            LOG.warn("board: cannot read {}: {}", dir.resolve(file), e.toString());
            return null;
        }
    }

    private void write(String file, String value) {
        try {
            Files.writeString(dir.resolve(file), value + "\n", StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            LOG.warn("board: cannot write '{}' to {}: {}", value, dir.resolve(file), e.toString());
        }
    }

    static String firstLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            int nl = text.indexOf('\n');
            String line = (nl < 0 ? text : text.substring(0, nl)).strip();
            return line.isEmpty() ? null : line;
        } catch (IOException e) {
            return null;
        }
    }
}
