package io.bramble.agent.collect;

import io.bramble.core.wire.Throttled;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under-voltage and throttling flags from {@code vcgencmd get_throttled} (Raspberry Pi firmware).
 * Off a Pi, where vcgencmd is not installed, the signal is absent (null) and vcgencmd is not looked
 * for again.
 */
public final class Throttling {
    private static final Logger log = LoggerFactory.getLogger(Throttling.class);
    private static final Pattern VALUE = Pattern.compile("throttled=(0x[0-9a-fA-F]{1,8}|\\d{1,10})\\b");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final CommandRunner runner;
    private final String vcgencmd;
    private volatile boolean absent;
    private volatile boolean warned;

    public Throttling(CommandRunner runner) {
        this(runner, "vcgencmd");
    }

    /** {@code vcgencmd} is the program name or path to run. */
    public Throttling(CommandRunner runner, String vcgencmd) {
        this.runner = runner;
        this.vcgencmd = vcgencmd;
    }

    /** The firmware's flags now, or null when vcgencmd is missing or failed. */
    public Throttled read() {
        if (absent) return null;
        String out;
        try {
            out = runner.run(List.of(vcgencmd, "get_throttled"), TIMEOUT);
        } catch (IOException e) {
            if (!warned) {
                // typically "VCHI initialization failed": the agent's user is not in the video group
                log.warn("vcgencmd get_throttled failed ({}); throttling is not reported. Is the agent's user in the 'video' group?", e.getMessage());
                warned = true;
            }
            return null;
        }
        if (out == null) {
            absent = true;
            log.debug("vcgencmd is not installed; throttling is not reported");
            return null;
        }
        return parse(out);
    }

    /** Parses {@code throttled=0x50005}; null when the text does not contain that. */
    public static Throttled parse(String output) {
        Matcher m = VALUE.matcher(output);
        if (!m.find()) return null;
        String v = m.group(1);
        long bits = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        return Throttled.fromBits(bits);
    }
}
