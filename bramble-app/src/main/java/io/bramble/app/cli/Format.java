package io.bramble.app.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/** Small helpers for the CLI's tables: aligned columns, human sizes and ages. */
final class Format {
    private Format() {}

    static String table(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                sb.append(r[i]);
                if (i < cols - 1) sb.append(" ".repeat(w[i] - r[i].length() + 2));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String percentUsed(JsonNode total, JsonNode usedOrAvailable, boolean available) {
        if (total.isNull() || total.isMissingNode() || usedOrAvailable.isNull() || usedOrAvailable.isMissingNode()) return "-";
        double t = total.asDouble();
        if (t <= 0) return "-";
        double used = available ? t - usedOrAvailable.asDouble() : usedOrAvailable.asDouble();
        return String.format(Locale.ROOT, "%.0f%%", 100 * used / t);
    }

    static String num(JsonNode n, String fmt) {
        return n == null || n.isNull() || n.isMissingNode() ? "-" : String.format(Locale.ROOT, fmt, n.asDouble());
    }

    static String ago(JsonNode time, Instant now) {
        if (time == null || time.isNull() || time.isMissingNode()) return "never";
        Duration d = Duration.between(Instant.parse(time.asString()), now);
        long s = Math.max(0, d.toSeconds());
        if (s < 90) return s + "s ago";
        if (s < 90 * 60) return s / 60 + "m ago";
        if (s < 36 * 3600) return s / 3600 + "h ago";
        return s / 86400 + "d ago";
    }

    static String throttled(JsonNode t) {
        if (t == null || t.isNull() || t.isMissingNode()) return "-";
        StringBuilder sb = new StringBuilder();
        if (t.path("underVoltage").asBoolean()) sb.append("under-voltage ");
        if (t.path("throttled").asBoolean()) sb.append("throttled ");
        if (t.path("freqCapped").asBoolean()) sb.append("capped ");
        if (t.path("softTempLimit").asBoolean()) sb.append("soft-temp ");
        return sb.isEmpty() ? "no" : sb.toString().strip().replace(' ', ',');
    }
}
