package io.bramble.core.nodeset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node sets in ClusterShell's syntax: {@code node[01-04,07]}, {@code rack[1-2]-pi[1-8]},
 * {@code node[1-9/2]} (step), {@code @role} (a group), comma lists, {@code !} to exclude and
 * {@code &} to intersect, applied left to right as ClusterShell does.
 */
public final class NodeSet {
    /** Largest set one expression may expand to; guards against {@code n[1-999999999]}. */
    public static final int MAX_NODES = 100_000;

    private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+)(?:/(\\d+))?)?");

    private NodeSet() {}

    /** Expands an expression without groups. */
    public static Set<String> expand(String expression) {
        return expand(expression, g -> {
            throw new IllegalArgumentException("node set '" + expression + "': groups such as @" + g + " are not available here");
        });
    }

    /**
     * Expands an expression; {@code groups} maps a group name (without {@code @}) to its members.
     * The result keeps the order in which names were first named.
     */
    public static Set<String> expand(String expression, Function<String, Collection<String>> groups) {
        if (expression == null || expression.isBlank())
            throw new IllegalArgumentException("node set is empty; name nodes such as node[01-04] or @role");
        Set<String> result = new LinkedHashSet<>();
        char op = ',';
        int i = 0;
        String s = expression.strip();
        while (i <= s.length()) {
            int end = nextOperator(s, i, expression);
            String term = s.substring(i, end).strip();
            if (term.isEmpty())
                throw new IllegalArgumentException("node set '" + expression + "': empty name at position " + (i + 1));
            Set<String> names = term.startsWith("@") ? group(term.substring(1), groups, expression) : expandTerm(term, expression);
            switch (op) {
                case ',' -> result.addAll(names);
                case '!' -> result.removeAll(names);
                case '&' -> result.retainAll(names);
                default -> throw new IllegalStateException();
            }
            if (result.size() > MAX_NODES)
                throw new IllegalArgumentException("node set '" + expression + "' names more than " + MAX_NODES + " nodes");
            if (end >= s.length()) break;
            op = s.charAt(end);
            i = end + 1;
        }
        return result;
    }

    private static int nextOperator(String s, int from, String expression) {
        int depth = 0;
        for (int j = from; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '[') {
                if (depth++ > 0) throw new IllegalArgumentException("node set '" + expression + "': nested '['");
            } else if (c == ']') {
                if (--depth < 0) throw new IllegalArgumentException("node set '" + expression + "': ']' without '['");
            } else if (depth == 0 && (c == ',' || c == '!' || c == '&')) {
                return j;
            }
        }
        if (depth != 0) throw new IllegalArgumentException("node set '" + expression + "': '[' is not closed");
        return s.length();
    }

    private static Set<String> group(String name, Function<String, Collection<String>> groups, String expression) {
        if (!name.matches("[A-Za-z0-9_.-]+"))
            throw new IllegalArgumentException("node set '" + expression + "': '@" + name + "' is not a valid group name");
        Collection<String> members = groups.apply(name);
        return members == null ? Set.of() : new LinkedHashSet<>(members);
    }

    private static Set<String> expandTerm(String term, String expression) {
        List<String> parts = new ArrayList<>(List.of(""));
        int i = 0;
        while (i < term.length()) {
            int open = term.indexOf('[', i);
            String literal = open < 0 ? term.substring(i) : term.substring(i, open);
            checkLiteral(literal, expression);
            parts.replaceAll(p -> p + literal);
            if (open < 0) break;
            int close = term.indexOf(']', open);
            List<String> values = ranges(term.substring(open + 1, close), expression);
            List<String> next = new ArrayList<>(parts.size() * values.size());
            for (String p : parts) for (String v : values) next.add(p + v);
            if (next.size() > MAX_NODES)
                throw new IllegalArgumentException("node set '" + expression + "' names more than " + MAX_NODES + " nodes");
            parts = next;
            i = close + 1;
        }
        return new LinkedHashSet<>(parts);
    }

    private static void checkLiteral(String literal, String expression) {
        for (int j = 0; j < literal.length(); j++) {
            char c = literal.charAt(j);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_' && c != '.')
                throw new IllegalArgumentException("node set '" + expression + "': '" + c
                        + "' cannot appear in a node name (letters, digits, '-', '_' and '.')");
        }
    }

    private static List<String> ranges(String body, String expression) {
        if (body.isBlank()) throw new IllegalArgumentException("node set '" + expression + "': empty brackets []");
        List<String> out = new ArrayList<>();
        for (String r : body.split(",", -1)) {
            Matcher m = RANGE.matcher(r.strip());
            if (!m.matches())
                throw new IllegalArgumentException("node set '" + expression + "': '" + r
                        + "' is not a range; write 1-8, 01-08 or 1-9/2");
            String lo = m.group(1);
            if (m.group(2) == null) {
                out.add(lo);
                continue;
            }
            String hi = m.group(2);
            long a = Long.parseLong(lo), b = Long.parseLong(hi);
            long step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
            if (a > b) throw new IllegalArgumentException("node set '" + expression + "': range " + r + " runs backwards");
            if (step < 1) throw new IllegalArgumentException("node set '" + expression + "': step in " + r + " must be 1 or more");
            if ((b - a) / step + 1 > MAX_NODES)
                throw new IllegalArgumentException("node set '" + expression + "' names more than " + MAX_NODES + " nodes");
            int width = lo.length() > 1 && lo.startsWith("0") ? lo.length() : 0;
            for (long v = a; v <= b; v += step) out.add(width > 0 ? String.format("%0" + width + "d", v) : Long.toString(v));
        }
        return out;
    }

    private static final Pattern TRAILING_NUMBER = Pattern.compile("^(.*?)(\\d+)$");

    /** Folds names into the compact form, e.g. {@code [node01, node02, node03, web]} → {@code node[01-03],web}. */
    public static String fold(Collection<String> names) {
        Map<String, List<String>> byPrefix = new TreeMap<>();
        List<String> plain = new ArrayList<>();
        for (String n : new LinkedHashSet<>(names)) {
            Matcher m = TRAILING_NUMBER.matcher(n);
            if (m.matches()) byPrefix.computeIfAbsent(m.group(1) + "\u0000" + m.group(2).length(), k -> new ArrayList<>()).add(m.group(2));
            else plain.add(n);
        }
        List<String> out = new ArrayList<>();
        for (var e : byPrefix.entrySet()) {
            String prefix = e.getKey().substring(0, e.getKey().indexOf('\u0000'));
            List<String> nums = e.getValue();
            nums.sort(Comparator.comparingLong(Long::parseLong));
            if (nums.size() == 1) {
                out.add(prefix + nums.get(0));
                continue;
            }
            List<String> ranges = new ArrayList<>();
            int start = 0;
            for (int j = 1; j <= nums.size(); j++) {
                if (j == nums.size() || Long.parseLong(nums.get(j)) != Long.parseLong(nums.get(j - 1)) + 1) {
                    ranges.add(start == j - 1 ? nums.get(start) : nums.get(start) + "-" + nums.get(j - 1));
                    start = j;
                }
            }
            out.add(prefix + "[" + String.join(",", ranges) + "]");
        }
        plain.sort(null);
        out.addAll(plain);
        return String.join(",", out);
    }
}
