package io.bramble.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import io.bramble.app.UserError;
import io.bramble.core.config.ConfigLoader;

/** {@code ~/.config/bramble/cli.yaml}: the center URL and token saved by {@code bramble login}, readable only by its owner. */
public final class CliFile {
    private CliFile() {}

    public record Saved(String center, String token, String username) {}

    public static Path defaultPath() {
        String override = System.getProperty("bramble.cli.config", System.getenv("BRAMBLE_CLI_CONFIG"));
        if (override != null && !override.isBlank()) return Path.of(override);
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("bramble").resolve("cli.yaml");
    }

    public static Saved read(Path file) {
        if (!Files.exists(file)) return null;
        return ConfigLoader.load(file, Saved.class);
    }

    public static void write(Path file, Saved saved) {
        try {
            ClientOptions.ensureParent(file);
            Path tmp = Files.createTempFile(file.getParent(), ".cli", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            String yaml = "# written by `bramble login`; holds a session token: keep it private\n"
                    + "center: \"" + saved.center() + "\"\n"
                    + "token: \"" + saved.token() + "\"\n"
                    + "username: \"" + saved.username() + "\"\n";
            Files.writeString(tmp, yaml);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
    }
}
