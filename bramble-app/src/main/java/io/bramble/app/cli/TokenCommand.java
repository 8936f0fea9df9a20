package io.bramble.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code bramble token}: API tokens for scripts and join tokens for agents. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create, list and revoke API tokens and join tokens (admin).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a token and print it once (the center keeps only its hash).",
                    "  bramble token create --name ci --role operator",
                    "  bramble token create --join --uses 24 --ttl 1d"})
    static final class Create implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        java.io.PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Mixin ClientOptions options;
        @Option(names = "--name", description = "what the token is for, e.g. ci or prometheus") String name;
        @Option(names = "--role", defaultValue = "viewer", description = "viewer, operator or admin (default: ${DEFAULT-VALUE})") String role;
        @Option(names = "--ttl", description = "lifetime such as 30d or 12h (default: no expiry for API tokens)") String ttl;
        @Option(names = "--join", description = "make a join token, with which agents enroll") boolean join;
        @Option(names = "--uses", description = "how many agents may enroll with a join token (default 1)") Integer uses;

        @Override
        public void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name == null ? (join ? "join" : "cli") : name);
            if (join) {
                body.put("join", true);
                body.put("uses", uses == null ? 1 : uses);
            } else {
                body.put("role", role);
            }
            if (ttl != null) body.put("ttl", ttl);
            JsonNode r = options.client().post("/api/v1/tokens", body);
            out().println(r.path("token").asString());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        java.io.PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Mixin ClientOptions options;

        @Override
        public void run() {
            JsonNode r = options.client().get("/api/v1/tokens");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "KIND", "NAME", "ROLE", "USES LEFT", "EXPIRES", "REVOKED"});
            for (JsonNode t : r.path("tokens"))
                rows.add(new String[] {t.path("id").asString(), t.path("kind").asString(), t.path("name").asString(),
                        t.path("kind").asString().equals("join") ? "-" : t.path("role").asString(),
                        t.path("usesLeft").isNull() ? "-" : t.path("usesLeft").asString(),
                        t.path("expiresAt").isNull() ? "never" : t.path("expiresAt").asString(),
                        t.path("revoked").asBoolean() ? "yes" : "no"});
            out().print(Format.table(rows));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its id.")
    static final class Revoke implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        java.io.PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Mixin ClientOptions options;
        @Parameters(paramLabel = "ID") String id;

        @Override
        public void run() {
            options.client().delete("/api/v1/tokens/" + id);
            out().println("revoked " + id);
        }
    }
}
