package io.bramble.center.power;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An outlet switched by running commands: anything with a CLI (snmpset for a PoE switch port,
 * {@code pinctrl}/{@code gpioset} for a relay, {@code uhubctl}, a vendor tool). Each template is split
 * into arguments first (single or double quotes keep spaces), then {@code {node}} and {@code {outlet}}
 * are replaced inside each argument, and the argument list runs without a shell, so a node name can
 * never become a second command. The status command prints on/off (or 1/0, true/false); the read
 * command prints watts (a number followed by W, else the last number).
 */
public final class CommandSwitch implements PowerSwitch {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern WATTS = Pattern.compile("(-?\\d+(\\.\\d+)?)\\s*(W|watts?)\\b", Pattern.CASE_INSENSITIVE);
    private static final int MAX_OUTPUT = 64 * 1024;

    private final String driver;
    private final String node;
    private final String outlet;
    private final List<String> on;
    private final List<String> off;
    private final List<String> status;
    private final List<String> read;
    private final Duration timeout;

    CommandSwitch(String driver, String node, String outlet, String onCommand, String offCommand, String statusCommand,
                  String readCommand, Duration timeout) {
        this.driver = driver;
        this.node = node;
        this.outlet = outlet;
        this.on = split(onCommand);
        this.off = split(offCommand);
        this.status = statusCommand == null || statusCommand.isBlank() ? null : split(statusCommand);
        this.read = readCommand == null || readCommand.isBlank() ? null : split(readCommand);
        this.timeout = timeout;
    }

    @Override
    public String driver() {
        return driver;
    }

    /** Splits a template into arguments the way a shell would for plain words and quotes, without any expansion. */
    static List<String> split(String template) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(c);
                inArg = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException("command '" + template + "': quote " + quote + " is not closed");
        if (inArg) args.add(cur.toString());
        if (args.isEmpty()) throw new IllegalArgumentException("command is empty");
        return List.copyOf(args);
    }

    List<String> argv(List<String> template) {
        return template.stream().map(a -> a.replace("{node}", node).replace("{outlet}", outlet)).toList();
    }

    @Override
    public void on() throws IOException {
        run(on);
    }

    @Override
    public void off() throws IOException {
        run(off);
    }

    @Override
    public State status() throws IOException {
        if (status == null) return State.UNKNOWN;
        String out = run(status).strip().toLowerCase(Locale.ROOT);
        String first = out.isEmpty() ? "" : out.split("\\s+")[0];
        return switch (first) {
            case "on", "1", "true", "up" -> State.ON;
            case "off", "0", "false", "down" -> State.OFF;
            default -> State.UNKNOWN;
        };
    }

    @Override
    public Optional<Reading> read() throws IOException {
        if (read == null) return Optional.empty();
        String out = run(read);
        // "port 7: 4.75 W": a number marked as watts wins, else the last number printed
        Matcher w = WATTS.matcher(out);
        if (w.find()) return Optional.of(new Reading(Double.parseDouble(w.group(1)), null, null, null));
        Matcher m = NUMBER.matcher(out);
        String last = null;
        while (m.find()) last = m.group();
        if (last == null) throw new IOException("read command for " + node + " printed no number of watts: " + out.strip());
        return Optional.of(new Reading(Double.parseDouble(last), null, null, null));
    }

    /** Runs one command and returns its standard output; fails on a non-zero exit or when it outlives the timeout. */
    String run(List<String> template) throws IOException {
        List<String> argv = argv(template);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + argv.getFirst() + " for " + node + ": " + e.getMessage() + " (is it installed and on PATH?)", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out));
        Thread e = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), err));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(argv.getFirst() + " for " + node + " did not finish within " + timeout.toMillis() + " ms and was killed");
            }
            o.join(1000);
            e.join(1000);
        } catch (InterruptedException ie) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + argv.getFirst() + " for " + node, ie);
        }
        if (p.exitValue() != 0) {
            String why = err.toString(StandardCharsets.UTF_8).strip();
            if (why.isEmpty()) why = out.toString(StandardCharsets.UTF_8).strip();
            if (why.length() > 300) why = why.substring(why.length() - 300);
            throw new IOException(String.join(" ", argv) + " failed for " + node + " with exit code " + p.exitValue()
                    + (why.isEmpty() ? "" : ": " + why));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void drain(InputStream in, ByteArrayOutputStream to) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (to) {
                    if (to.size() < MAX_OUTPUT) to.write(buf, 0, Math.min(n, MAX_OUTPUT - to.size()));
                }
            }
        } catch (IOException ignored) {
            // the process ended or was killed; what was read is kept
        }
    }
}
