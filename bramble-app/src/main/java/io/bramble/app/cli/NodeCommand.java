package io.bramble.app.cli;

import java.time.Instant;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code bramble node NAME}: one node's facts, placement, state and figures. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Show one node: facts, location, state and latest figures.")
public final class NodeCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Mixin ClientOptions options;

    @Parameters(paramLabel = "NAME", description = "node name, as `bramble nodes` shows it")
    String name;

    @Option(names = "--json", description = "print the API's JSON")
    boolean json;

    @Override
    public void run() {
        JsonNode n = options.client().get("/api/v1/nodes/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
        if (json) {
            out().println(n.toPrettyString());
            return;
        }
        JsonNode f = n.path("facts");
        JsonNode m = n.path("metrics");
        JsonNode loc = n.path("location");
        StringBuilder sb = new StringBuilder();
        line(sb, "name", n.path("name").asString() + (n.path("simulated").asBoolean() ? "  (SIMULATED)" : ""));
        line(sb, "state", n.path("state").asString() + " (lifecycle " + n.path("lifecycle").asString() + ")"
                + (n.path("located").asBoolean() ? ", LOCATED" : ""));
        line(sb, "last seen", Format.ago(n.path("lastSeen"), Instant.now()) + " from " + text(n.path("address")));
        line(sb, "location", loc.path("rack").isNull() ? "not placed" : loc.path("rack").asString() + " row " + loc.path("row").asInt()
                + " slot " + loc.path("slot").asInt());
        line(sb, "roles", n.path("roles").isEmpty() ? "-" : join(n.path("roles")));
        line(sb, "labels", n.path("labels").isEmpty() ? "-" : n.path("labels").toString());
        line(sb, "model", text(f.path("model")));
        line(sb, "revision", text(f.path("revisionCode")) + (f.path("board").isObject()
                ? " (" + text(f.path("board").path("type")) + ", " + text(f.path("board").path("manufacturer")) + ", "
                + text(f.path("board").path("processor")) + ")" : ""));
        line(sb, "serial", text(f.path("serial")));
        line(sb, "memory", f.path("memoryBytes").isNumber() ? Format.bytes(f.path("memoryBytes").asLong()) : "-");
        line(sb, "MACs", f.path("macs").isEmpty() ? "-" : join(f.path("macs")));
        line(sb, "hostname", text(f.path("hostname")));
        line(sb, "OS", text(f.path("os")) + " / kernel " + text(f.path("kernel")) + " / " + text(f.path("arch")));
        line(sb, "agent", text(f.path("agentVersion")));
        if (m.isObject()) {
            line(sb, "load", Format.num(m.path("load1"), "%.2f") + " " + Format.num(m.path("load5"), "%.2f") + " "
                    + Format.num(m.path("load15"), "%.2f") + "   cpu " + Format.num(m.path("cpuPercent"), "%.0f%%"));
            line(sb, "memory used", Format.percentUsed(m.path("memTotalBytes"), m.path("memAvailableBytes"), true)
                    + (m.path("memTotalBytes").isNumber() ? " of " + Format.bytes(m.path("memTotalBytes").asLong()) : ""));
            line(sb, "disk used", Format.percentUsed(m.path("diskTotalBytes"), m.path("diskUsedBytes"), false)
                    + (m.path("diskTotalBytes").isNumber() ? " of " + Format.bytes(m.path("diskTotalBytes").asLong()) : ""));
            line(sb, "temperature", Format.num(m.path("tempCelsius"), "%.1f °C"));
            line(sb, "throttling", describeThrottling(m.path("throttled")));
            line(sb, "uptime", Format.num(m.path("uptimeSeconds"), "%.0f s"));
        }
        out().print(sb);
    }

    private static String describeThrottling(JsonNode t) {
        if (t.isNull() || t.isMissingNode()) return "- (no vcgencmd on this node)";
        return "now " + Format.throttled(t) + "; since boot "
                + (t.path("underVoltageOccurred").asBoolean() ? "under-voltage " : "")
                + (t.path("throttledOccurred").asBoolean() ? "throttled " : "")
                + (t.path("freqCappedOccurred").asBoolean() ? "capped " : "")
                + (t.path("softTempLimitOccurred").asBoolean() ? "soft-temp " : "")
                + String.format(" (raw 0x%x)", t.path("raw").asLong());
    }

    private static String join(JsonNode arr) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode x : arr) sb.append(sb.isEmpty() ? "" : ", ").append(x.asString());
        return sb.toString();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? "-" : n.asString();
    }

    private static void line(StringBuilder sb, String k, String v) {
        sb.append(String.format("%-12s %s%n", k, v));
    }
}
