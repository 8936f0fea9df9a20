package io.bramble.app.cli;

import java.io.Console;
import java.util.Map;

import io.bramble.app.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code bramble login}: gets a session token and saves it with the center URL for later verbs. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in to a center and save the session for the other verbs (in ~/.config/bramble/cli.yaml, mode 0600).",
                "The password is read from the terminal, or from BRAMBLE_PASSWORD, or from standard input when there is no terminal."})
public final class LoginCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Mixin ClientOptions options;

    @Option(names = {"-u", "--user"}, defaultValue = "admin", description = "user name (default: ${DEFAULT-VALUE})")
    String user;

    @Override
    public void run() {
        String center = options.centerOrNull();
        if (center == null) throw new UserError("which center? pass --center URL (e.g. --center http://127.0.0.1:8080)");
        String password = System.getenv("BRAMBLE_PASSWORD");
        if (password == null) {
            Console console = System.console();
            if (console != null) {
                char[] pw = console.readPassword("Password for %s at %s: ", user, center);
                if (pw == null) throw new UserError("no password given");
                password = new String(pw);
            } else {
                // no terminal: read one line, so `echo "$PW" | bramble login ...` works in scripts
                try {
                    password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
                } catch (java.io.IOException e) {
                    throw new UserError("cannot read the password from standard input: " + e.getMessage());
                }
                if (password == null || password.isEmpty()) throw new UserError("no password given (set BRAMBLE_PASSWORD or pipe it in)");
            }
        }
        JsonNode r = new CenterClient(center, null).post("/api/v1/session", Map.of("username", user, "password", password));
        CliFile.write(CliFile.defaultPath(), new CliFile.Saved(center, r.path("token").asString(), user));
        out().println("Logged in to " + center + " as " + user + " (" + r.path("role").asString() + "); session saved in "
                + CliFile.defaultPath());
    }
}
