package io.bramble.app.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code bramble nodes}: every node with its state and latest figures, one line each. */
@Command(name = "nodes", mixinStandardHelpOptions = true, description = "List the nodes: name, state, load, memory, disk, temperature, throttling, last seen.")
public final class NodesCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Mixin ClientOptions options;

    @Option(names = "--json", description = "print the API's JSON instead of a table")
    boolean json;

    @Override
    public void run() {
        JsonNode r = options.client().get("/api/v1/nodes");
        if (json) {
            out().println(r.toPrettyString());
            return;
        }
        Instant now = Instant.now();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "STATE", "LOAD", "MEM", "DISK", "TEMP", "THROTTLED", "LAST SEEN"});
        for (JsonNode n : r.path("nodes")) {
            JsonNode m = n.path("metrics");
            rows.add(new String[] {
                    n.path("name").asString() + (n.path("simulated").asBoolean() ? " (simulated)" : ""),
                    n.path("state").asString(),
                    Format.num(m.path("load1"), "%.2f"),
                    Format.percentUsed(m.path("memTotalBytes"), m.path("memAvailableBytes"), true),
                    Format.percentUsed(m.path("diskTotalBytes"), m.path("diskUsedBytes"), false),
                    Format.num(m.path("tempCelsius"), "%.1f°C"),
                    Format.throttled(m.path("throttled")),
                    Format.ago(n.path("lastSeen"), now)});
        }
        if (rows.size() == 1) {
            out().println("No nodes yet. Start an agent with a join token (bramble token create --join) to enroll one.");
            return;
        }
        out().print(Format.table(rows));
    }
}
