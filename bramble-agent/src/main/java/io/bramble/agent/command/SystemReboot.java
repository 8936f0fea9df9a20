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
        return "rebooting now with `" + String.join(" ", command) + "`";
    }

    @Override
    public void run() {
        log.warn("rebooting this node as the center asked: {}", String.join(" ", command));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            int exit = p.waitFor();
            if (exit != 0) log.error("`{}` failed with exit status {}: {}", String.join(" ", command), exit, out);
        } catch (IOException e) {
            log.error("cannot run `{}`: {}", String.join(" ", command), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
