package io.bramble.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bramble.app.UserError;
import io.bramble.core.nodeset.NodeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code bramble power}: switch nodes on, off or through a cycle, and show outlets, readings and PSU budgets. */
@Command(name = "power", mixinStandardHelpOptions = true,
        description = {"Switch Pis' power through their outlets (center.yaml power.outlets) and show the PSU budget.",
                "  bramble power on node[01-04]      (staggered, 1 s apart by default; operator)",
                "  bramble power off @web",
                "  bramble power cycle node07",
                "  bramble power status [NODESET]",
                "  bramble power budget"},
        subcommands = {PowerCommand.On.class, PowerCommand.Off.class, PowerCommand.Cycle.class, PowerCommand.Status.class,
                PowerCommand.Budget.class})
public final class PowerCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Starts a job and follows it until every node is done, printing each as it is switched. */
    abstract static class Switch implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin ClientOptions options;
        @Parameters(index = "0", paramLabel = "NODESET", description = "nodes such as node[01-04], node01,node03 or @role") String nodes;
        @Option(names = "--no-wait", description = "start the job and return; follow it with the job id") boolean noWait;

        abstract String action();

        @Override
        public void run() {
            var out = spec.commandLine().getOut();
            CenterClient c = options.client();
            JsonNode job = c.post("/api/v1/power/" + action(), Map.of("nodes", nodes));
            String id = job.path("id").asString();
            int total = job.path("total").asInt();
            out.printf("power %s %s: %d node%s (job %s)%n", action(), nodes, total, total == 1 ? "" : "s", id);
            if (noWait) return;
            int shown = 0;
            long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
            while (true) {
                JsonNode steps = job.path("steps");
                for (; shown < steps.size(); shown++) {
                    JsonNode s = steps.get(shown);
                    out.printf("  [%d/%d] %-20s %s%n", shown + 1, total, s.path("node").asString(),
                            s.path("ok").asBoolean() ? action() + " ok" : "FAILED: " + s.path("error").asString());
                }
                out.flush();
                if (job.path("finished").asBoolean()) break;
                if (System.nanoTime() > deadline) throw new UserError("job " + id + " is still running after 30 minutes; see `bramble power status`");
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UserError("interrupted; job " + id + " goes on in the center");
                }
                job = c.get("/api/v1/power/jobs/" + id);
            }
            long failed = job.path("failed").asLong();
            out.printf("%d done, %d failed%n", job.path("done").asLong(), failed);
            if (failed > 0) throw new UserError(failed + " of " + total + " nodes could not be switched " + ("cycle".equals(action()) ? "through a cycle" : action())
                    + "; the lines above say why");
        }
    }

    @Command(name = "on", mixinStandardHelpOptions = true, description = "Switch nodes on, one after another (power.staggerOn apart).")
    static final class On extends Switch {
        String action() { return "on"; }
    }

    @Command(name = "off", mixinStandardHelpOptions = true, description = "Switch nodes off (hard: the Pi is not shut down first).")
    static final class Off extends Switch {
        String action() { return "off"; }
    }

    @Command(name = "cycle", mixinStandardHelpOptions = true, description = "Switch nodes off, wait power.cycleOffTime, switch them on staggered.")
    static final class Cycle extends Switch {
        String action() { return "cycle"; }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Each outlet: state set, state reported by the device, model, draw, last change.")
    static final class Status implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin ClientOptions options;
        @Parameters(index = "0", arity = "0..1", paramLabel = "NODESET", description = "only these nodes (default: every outlet)") String nodes;
        @Option(names = "--json", description = "print the API's JSON instead of a table") boolean json;

        @Override
        public void run() {
            var out = spec.commandLine().getOut();
            JsonNode p = options.client().get("/api/v1/power?refresh=true");
            if (json) {
                out.println(p.toPrettyString());
                return;
            }
            // roles cannot be resolved here, so @groups are left to the center: show all outlets
            Set<String> only = nodes == null || nodes.contains("@") ? null : NodeSet.expand(nodes);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NODE", "STATE", "DEVICE SAYS", "DRIVER", "MODEL", "MAX W", "NOW W", "CHANGED BY", "ERROR"});
            for (JsonNode o : p.path("outlets")) {
                if (only != null && !only.contains(o.path("node").asString())) continue;
                rows.add(new String[] {o.path("node").asString(), o.path("state").asString(), o.path("reported").asString(),
                        o.path("driver").asString(), o.path("model").asString(), Format.num(o.path("maxWatts"), "%.1f"),
                        Format.num(o.path("watts"), "%.1f"), o.path("changedBy").isNull() ? "-" : o.path("changedBy").asString(""),
                        o.path("error").isNull() ? "" : o.path("error").asString("")});
            }
            if (rows.size() == 1) {
                out.println("No outlets. Bind nodes to outlets in center.yaml under power.outlets (see docs/power.md).");
                return;
            }
            out.print(Format.table(rows));
            for (JsonNode w : p.path("warnings")) out.println("WARNING: " + w.asString());
        }
    }

    @Command(name = "budget", mixinStandardHelpOptions = true, description = "Each PSU: rating, nodes fed, estimated worst-case and measured draw.")
    static final class Budget implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin ClientOptions options;
        @Option(names = "--json", description = "print the API's JSON instead of a table") boolean json;

        @Override
        public void run() {
            var out = spec.commandLine().getOut();
            JsonNode p = options.client().get("/api/v1/power");
            if (json) {
                out.println(p.path("psus").toPrettyString());
                return;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"PSU", "RATED W", "NODES", "ESTIMATED W", "USE", "MEASURED W", "METERED", "STATUS"});
            for (JsonNode s : p.path("psus")) {
                rows.add(new String[] {s.path("name").asString(), Format.num(s.path("capacityWatts"), "%.1f"),
                        Integer.toString(s.path("nodes").size()), Format.num(s.path("estimatedWatts"), "%.1f"),
                        Format.num(s.path("estimatedPercent"), "%.0f%%"), Format.num(s.path("measuredWatts"), "%.1f"),
                        s.path("measuredNodes").asInt() + "/" + s.path("nodes").size(),
                        s.path("overSubscribed").asBoolean() ? "OVER-SUBSCRIBED" : "ok"});
            }
            if (rows.size() == 1) out.println("No PSUs. Describe them in center.yaml under power.psus (see docs/power.md).");
            else out.print(Format.table(rows));
            out.printf("All outlets: estimated %s W, measured %s W%n", Format.num(p.path("estimatedWatts"), "%.1f"),
                    Format.num(p.path("measuredWatts"), "%.1f"));
            for (JsonNode w : p.path("warnings")) out.println("WARNING: " + w.asString());
        }
    }
}
