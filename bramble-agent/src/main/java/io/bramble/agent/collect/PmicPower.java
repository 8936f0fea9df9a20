package io.bramble.agent.collect;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The board's own draw from the Raspberry Pi 5 PMIC ({@code vcgencmd pmic_read_adc}): the sum over
 * its rails of current × voltage. Boards without that PMIC (and machines without vcgencmd) report
 * absent (null), and the command is not tried again.
 */
public final class PmicPower {
    private static final Logger log = LoggerFactory.getLogger(PmicPower.class);
    // e.g. "   3V3_SYS_A current(1)=0.04879650A" and "   3V3_SYS_V volt(9)=3.31295400V"
    private static final Pattern LINE = Pattern.compile("^\\s*(\\S+)_([AV])\\s+(?:current|volt)\\(\\d+\\)=([0-9.]+)[AV]\\s*$", Pattern.MULTILINE);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final CommandRunner runner;
    private volatile boolean absent;

    public PmicPower(CommandRunner runner) {
        this.runner = runner;
    }

    /** Watts drawn by the board's rails now, or null when this board cannot tell. */
    public Double read() {
        if (absent) return null;
        String out;
        try {
            out = runner.run(List.of("vcgencmd", "pmic_read_adc"), TIMEOUT);
        } catch (IOException e) {
            absent = true; // not a Pi 5, or no access: the throttling collector already says which
            log.debug("vcgencmd pmic_read_adc failed ({}); board power is not reported", e.getMessage());
            return null;
        }
        if (out == null) {
            absent = true;
            return null;
        }
        Double watts = parse(out);
        if (watts == null) absent = true;
        return watts;
    }

    /** Sums current × voltage over the rails that report both; null when none does. */
    public static Double parse(String output) {
        Map<String, Double> amps = new HashMap<>();
        Map<String, Double> volts = new HashMap<>();
        Matcher m = LINE.matcher(output);
        while (m.find()) (m.group(2).equals("A") ? amps : volts).put(m.group(1), Double.parseDouble(m.group(3)));
        double sum = 0;
        int rails = 0;
        for (var e : amps.entrySet()) {
            Double v = volts.get(e.getKey());
            if (v == null) continue;
            sum += e.getValue() * v;
            rails++;
        }
        return rails == 0 ? null : Math.round(sum * 1000) / 1000.0;
    }
}
