package io.bramble.agent.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reboots a real node with the program from agent.yaml {@code commands.reboot} (default {@code systemctl reboot}). */
public final class SystemReboot implements BoardCommands.Reboot {
    private static final Logger log = LoggerFactory.getLogger(SystemReboot.class);
    private final List<String> command;

    public SystemReboot(List<String> command) {
        this.command = List.copyOf(command);
    }

    @Override
    public String check() {
        String program = command.getFirst();
        if (resolve(program) == null)
            throw new IllegalStateException("cannot reboot: " + program + " is not installed or not executable (set commands.reboot in agent.yaml)");
        return "reboot requested: running `" + String.join(" ", command) + "` (a reboot.failed event follows if it fails)";
    }

    /** Runs the reboot command; throws with its exit status and output when it fails (no right to reboot, say). */
    @Override
    public void run() {
        log.warn("rebooting this node as the center asked: {}", String.join(" ", command));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            int exit = p.waitFor();
            if (exit != 0)
                throw new IllegalStateException("`" + String.join(" ", command) + "` exited with status " + exit + (out.isEmpty() ? "" : ": " + out)
                        + " (does the agent's user have the right to reboot? see commands.reboot in docs/agent.md)");
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + String.join(" ", command) + "`");
        }
    }

    private static Path resolve(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
