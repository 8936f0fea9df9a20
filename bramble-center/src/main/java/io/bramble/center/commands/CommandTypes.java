package io.bramble.center.commands;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The commands an agent understands and what each takes. A request is checked here, before it is
 * queued, so a typo is a 400 naming the argument and what it may be, never a command that fails on
 * the Pi minutes later. Arguments travel as strings; numbers are written in their plain form.
 */
public final class CommandTypes {
    /** Status LED colours and patterns the agent's board knows ({@code auto}: follow health again). */
    public static final List<String> COLOURS = List.of("auto", "off", "red", "green", "blue", "amber", "cyan", "magenta", "white");
    public static final List<String> PATTERNS = List.of("solid", "blink", "fast-blink", "slow-blink", "heartbeat");
    public static final List<String> TYPES = List.of("locate", "led", "fan", "reboot", "press");
    static final Duration MIN_TTL = Duration.ofSeconds(5);
    static final Duration MAX_TTL = Duration.ofDays(7);
    static final int MAX_LOCATE_SECONDS = 86_400;

    private CommandTypes() {}

    /** A command as asked for: its type, arguments as the agent will get them, and how long it may wait for the node. */
    public record Checked(String type, Map<String, String> args, Duration ttl) {}

    /**
     * Checks a command request. {@code ttl} null picks the type's default: a locate waits as long as it would
     * blink, LEDs and fan 10 minutes, a reboot 5 (a reboot an hour late surprises people), a simulated press 1.
     */
    public static Checked check(String type, Map<String, ?> rawArgs, Duration ttl, boolean simulatedNode) {
        if (type == null) throw new IllegalArgumentException("type is required: one of " + TYPES);
        String t = type.strip().toLowerCase(Locale.ROOT);
        Map<String, String> args = strings(rawArgs == null ? Map.of() : rawArgs);
        Map<String, String> out = new LinkedHashMap<>();
        Duration dflt;
        switch (t) {
            case "locate" -> {
                only(args, "locate", "action", "seconds");
                String action = args.getOrDefault("action", "on").toLowerCase(Locale.ROOT);
                if (action.equals("on")) {
                    int seconds = intArg(args, "seconds", 60, 1, MAX_LOCATE_SECONDS);
                    out.put("action", "on");
                    out.put("seconds", Integer.toString(seconds));
                    dflt = Duration.ofSeconds(Math.max(seconds, MIN_TTL.toSeconds()));
                } else if (action.equals("off")) {
                    if (args.containsKey("seconds")) throw new IllegalArgumentException("args.seconds: only for action on");
                    out.put("action", "off");
                    dflt = Duration.ofMinutes(10);
                } else {
                    throw new IllegalArgumentException("args.action must be on or off (got " + action + ")");
                }
            }
            case "led" -> {
                only(args, "led", "colour", "pattern");
                String colour = oneOf(args, "colour", null, COLOURS);
                out.put("colour", colour);
                if (colour.equals("auto")) {
                    if (args.containsKey("pattern")) throw new IllegalArgumentException("args.pattern: not with colour auto (the LEDs follow health)");
                } else {
                    out.put("pattern", oneOf(args, "pattern", "solid", PATTERNS));
                }
                dflt = Duration.ofMinutes(10);
            }
            case "fan" -> {
                only(args, "fan", "mode", "percent");
                String mode = oneOf(args, "mode", null, List.of("auto", "fixed"));
                out.put("mode", mode);
                if (mode.equals("fixed")) out.put("percent", Integer.toString(intArg(args, "percent", null, 0, 100)));
                else if (args.containsKey("percent")) throw new IllegalArgumentException("args.percent: only with mode fixed");
                dflt = Duration.ofMinutes(10);
            }
            case "reboot" -> {
                only(args, "reboot");
                dflt = Duration.ofMinutes(5);
            }
            case "press" -> {
                only(args, "press");
                if (!simulatedNode)
                    throw new IllegalArgumentException("press is for simulated nodes only: on a real Pi, press its button");
                dflt = Duration.ofMinutes(1);
            }
            default -> throw new IllegalArgumentException("type must be one of " + TYPES + " (got " + type + ")");
        }
        Duration effective = ttl == null ? dflt : ttl;
        if (effective.compareTo(MIN_TTL) < 0 || effective.compareTo(MAX_TTL) > 0)
            throw new IllegalArgumentException("ttlSeconds must be between " + MIN_TTL.toSeconds() + " and " + MAX_TTL.toSeconds()
                    + " (got " + effective.toSeconds() + ")");
        return new Checked(t, out, effective);
    }

    private static Map<String, String> strings(Map<String, ?> raw) {
        Map<String, String> m = new LinkedHashMap<>();
        for (var e : raw.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String || v instanceof Number || v instanceof Boolean) m.put(e.getKey(), String.valueOf(v).strip());
            else throw new IllegalArgumentException("args." + e.getKey() + " must be a string, number or boolean (got "
                    + (v == null ? "null" : "an " + (v instanceof Map ? "object" : v instanceof List ? "array" : v.getClass().getSimpleName())) + ")");
        }
        return m;
    }

    private static void only(Map<String, String> args, String type, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String k : args.keySet())
            if (!ok.contains(k))
                throw new IllegalArgumentException("args." + k + " is not an argument of " + type
                        + (allowed.length == 0 ? " (it takes none)" : " (it takes " + String.join(", ", allowed) + ")"));
    }

    private static String oneOf(Map<String, String> args, String key, String dflt, List<String> allowed) {
        String v = args.get(key);
        if (v == null) {
            if (dflt == null) throw new IllegalArgumentException("args." + key + " is required: one of " + allowed);
            return dflt;
        }
        v = v.toLowerCase(Locale.ROOT).replace('_', '-');
        if (!allowed.contains(v)) throw new IllegalArgumentException("args." + key + " must be one of " + allowed + " (got " + args.get(key) + ")");
        return v;
    }

    private static int intArg(Map<String, String> args, String key, Integer dflt, int min, int max) {
        String v = args.get(key);
        if (v == null) {
            if (dflt == null) throw new IllegalArgumentException("args." + key + " is required: a whole number from " + min + " to " + max);
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("args." + key + " must be a whole number from " + min + " to " + max + " (got " + v + ")");
        }
        if (n < min || n > max) throw new IllegalArgumentException("args." + key + " must be from " + min + " to " + max + " (got " + n + ")");
        return n;
    }
}
