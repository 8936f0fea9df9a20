package io.bramble.app.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
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

/** {@code bramble locate NODESET}: blink the Pis' LEDs and highlight their tiles, so a person can find them in the rack. */
@Command(name = "locate", mixinStandardHelpOptions = true,
        description = {"Find a Pi: its locate LED blinks and every open dashboard highlights it (operator role).",
                "  bramble locate node07               (60 s)",
                "  bramble locate node[01-04] --seconds 300",
                "  bramble locate @web",
                "  bramble locate --clear node07"})
public final class LocateCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "NODESET", description = "a node name, or a set such as node[01-04], node01,node03 or @role")
    String nodes;

    @Option(names = "--seconds", description = "how long to blink and highlight, 1 to 86400 (default ${DEFAULT-VALUE})", defaultValue = "60")
    int seconds;

    @Option(names = "--clear", description = "stop blinking and clear the highlight (also clears one set by the node's button)")
    boolean clear;

    @Override
    public void run() {
        var out = spec.commandLine().getOut();
        CenterClient c = options.client();
        for (String name : names(c)) {
            String path = "/api/v1/nodes/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/locate";
            JsonNode r = clear ? c.delete(path) : c.post(path, Map.of("seconds", seconds));
            String cmd = r.path("command").path("id").asString();
            if (clear) out.printf("%s: highlight cleared; the node stops blinking when its agent gets command %s%n", name, cmd);
            else out.printf("%s: located for %d s (until %s); the node blinks when its agent gets command %s%n", name, seconds,
                    r.path("node").path("locatedUntil").asString(), cmd);
        }
    }

    /** A plain name as it is; a set expanded against the center's nodes and their roles, each name checked to exist. */
    private Set<String> names(CenterClient c) {
        if (nodes.matches("[a-z0-9-]+")) return Set.of(nodes);
        Map<String, List<String>> roles = new HashMap<>();
        Set<String> known = new LinkedHashSet<>();
        for (JsonNode n : c.get("/api/v1/nodes").path("nodes")) {
            String name = n.path("name").asString();
            known.add(name);
            for (JsonNode r : n.path("roles")) roles.computeIfAbsent(r.asString(), k -> new ArrayList<>()).add(name);
        }
        Set<String> names;
        try {
            names = NodeSet.expand(nodes, g -> {
                List<String> members = roles.get(g);
                if (members == null) throw new IllegalArgumentException("no node has the role " + g);
                return members;
            });
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) throw new UserError("no node named " + String.join(", ", unknown) + "; `bramble nodes` lists them");
        return names;
    }
}
