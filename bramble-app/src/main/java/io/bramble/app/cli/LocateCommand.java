package io.bramble.app.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code bramble locate NODE}: blink the Pi's LED and highlight its tile, so a person can find it in the rack. */
@Command(name = "locate", mixinStandardHelpOptions = true,
        description = {"Find a Pi: its locate LED blinks and every open dashboard highlights it (operator role).",
                "  bramble locate node07               (60 s)",
                "  bramble locate node07 --seconds 300",
                "  bramble locate --clear node07"})
public final class LocateCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "NODE", description = "node name, as `bramble nodes` shows it")
    String name;

    @Option(names = "--seconds", description = "how long to blink and highlight, 1 to 86400 (default ${DEFAULT-VALUE})", defaultValue = "60")
    int seconds;

    @Option(names = "--clear", description = "stop blinking and clear the highlight (also clears one set by the node's button)")
    boolean clear;

    @Override
    public void run() {
        var out = spec.commandLine().getOut();
        String path = "/api/v1/nodes/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/locate";
        JsonNode r = clear ? options.client().delete(path) : options.client().post(path, Map.of("seconds", seconds));
        String cmd = r.path("command").path("id").asString();
        if (clear) out.printf("%s: highlight cleared; the node stops blinking when its agent gets command %s%n", name, cmd);
        else out.printf("%s: located for %d s (until %s); the node blinks when its agent gets command %s%n", name, seconds,
                r.path("node").path("locatedUntil").asString(), cmd);
    }
}
