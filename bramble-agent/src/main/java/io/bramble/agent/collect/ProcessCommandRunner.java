package io.bramble.agent.collect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs programs with {@link ProcessBuilder}, looking them up on {@code PATH} (and /usr/bin, /opt/vc/bin for vcgencmd). */
public final class ProcessCommandRunner implements CommandRunner {
    private static final List<String> EXTRA_DIRS = List.of("/usr/bin", "/usr/local/bin", "/opt/vc/bin");
    private static final int MAX_OUTPUT = 64 * 1024;

    @Override
    public String run(List<String> command, Duration timeout) throws IOException {
        Path program = locate(command.get(0));
        if (program == null) return null;
        List<String> cmd = new java.util.ArrayList<>(command);
        cmd.set(0, program.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try (InputStream in = p.getInputStream()) {
            // wait first: a hung program must not block a read forever; vcgencmd's output fits the pipe buffer
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeout.toMillis() + " ms");
            }
            String text = new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
            if (p.exitValue() != 0)
                throw new IOException(command.get(0) + " exited with " + p.exitValue() + ": " + text.strip());
            return text;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(command.get(0) + " interrupted", e);
        }
    }

    private static Path locate(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        List<String> dirs = new java.util.ArrayList<>(path == null ? List.of() : List.of(path.split(":")));
        dirs.addAll(EXTRA_DIRS);
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p;
        }
        return null;
    }
}
