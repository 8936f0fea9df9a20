package io.bramble.app.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bramble.app.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code bramble command NODE TYPE [ARG=VALUE...]}: send a node a command and wait for its result; {@code --list} shows its commands. */
@Command(name = "command", mixinStandardHelpOptions = true,
        description = {"Send a node a command over its agent's command channel and wait for the result (operator role).",
                "  bramble command node07 led colour=red pattern=blink",
                "  bramble command node07 led colour=auto",
                "  bramble command node07 fan mode=fixed percent=70",
                "  bramble command node07 fan mode=auto",
                "  bramble command node07 reboot",
                "  bramble command node07 --list"})
public final class CommandCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ClientOptions options;

    @Parameters(index = "0", paramLabel = "NODE", description = "node name")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TYPE", description = "locate, led, fan, reboot (press: simulated nodes)")
    String type;

    @Parameters(index = "2..*", paramLabel = "ARG=VALUE", description = "the command's arguments")
    List<String> args = List.of();

    @Option(names = "--ttl", description = "seconds the command may wait for the node before it expires (default: by type)")
    Integer ttl;

    @Option(names = "--no-wait", description = "queue it and return")
    boolean noWait;

    @Option(names = "--list", description = "list the node's recent commands and their status")
    boolean list;

    @Override
    public void run() {
        var out = spec.commandLine().getOut();
        CenterClient c = options.client();
        String base = "/api/v1/nodes/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/commands";
        if (list) {
            for (JsonNode cmd : c.get(base).path("commands"))
                out.printf("%-14s %-8s %-28s %-10s %s%n", cmd.path("id").asString(), cmd.path("type").asString(),
                        cmd.path("args").toString(), cmd.path("status").asString(), cmd.path("result").asString(""));
            return;
        }
        if (type == null) throw new UserError("say which command: bramble command " + name + " TYPE [ARG=VALUE...] (or --list)");
        Map<String, Object> a = new LinkedHashMap<>();
        for (String kv : args) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new UserError("arguments are ARG=VALUE, e.g. percent=70 (got " + kv + ")");
            a.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("args", a);
        if (ttl != null) body.put("ttlSeconds", ttl);
        JsonNode cmd = c.post(base, body);
        String id = cmd.path("id").asString();
        out.printf("%s: %s queued as command %s (expires %s)%n", name, type, id, cmd.path("expiresAt").asString());
        if (noWait) return;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode now = c.get("/api/v1/commands/" + id);
            String status = now.path("status").asString();
            switch (status) {
                case "done" -> {
                    out.printf("%s: done: %s%n", name, now.path("result").asString());
                    return;
                }
                case "failed" -> throw new UserError(name + ": " + type + " failed on the node: " + now.path("result").asString());
                case "expired" -> throw new UserError(name + ": " + type + " expired: " + now.path("result").asString());
                default -> sleep();
            }
        }
        throw new UserError(name + ": no result for command " + id + " after 10 minutes; `bramble command " + name + " --list` shows it");
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }
}
