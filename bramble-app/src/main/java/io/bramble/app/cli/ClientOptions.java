package io.bramble.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bramble.app.UserError;
import picocli.CommandLine.Option;

/**
 * How a client verb finds the center and its token: {@code --center}/{@code --token}, else
 * {@code BRAMBLE_CENTER}/{@code BRAMBLE_TOKEN}, else the file {@code bramble login} wrote.
 */
public final class ClientOptions {
    @Option(names = "--center", paramLabel = "URL", description = "center URL (or BRAMBLE_CENTER, or the file written by `bramble login`)")
    String center;

    @Option(names = "--token", paramLabel = "TOKEN", description = "API or session token (or BRAMBLE_TOKEN, or the file written by `bramble login`)")
    String token;

    public CenterClient client() {
        CliFile.Saved saved = CliFile.read(CliFile.defaultPath());
        String url = first(center, System.getenv("BRAMBLE_CENTER"), saved == null ? null : saved.center());
        String tok = first(token, System.getenv("BRAMBLE_TOKEN"), saved == null ? null : saved.token());
        if (url == null) throw new UserError("no center given: pass --center URL, set BRAMBLE_CENTER, or run `bramble login --center URL` first");
        if (tok == null) throw new UserError("no token given: run `bramble login`, or pass --token / set BRAMBLE_TOKEN (create one with `bramble token create`)");
        return new CenterClient(url, tok);
    }

    public String centerOrNull() {
        CliFile.Saved saved = CliFile.read(CliFile.defaultPath());
        return first(center, System.getenv("BRAMBLE_CENTER"), saved == null ? null : saved.center());
    }

    private static String first(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }

    static void ensureParent(Path p) throws IOException {
        if (p.getParent() != null) Files.createDirectories(p.getParent());
    }
}
