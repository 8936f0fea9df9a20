package io.bramble.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Helpers for boot tests: external tools, processes, random files. */
public final class TestSupport {
    private TestSupport() {}

    /** Skips the test with a clear message unless {@code binary} is on the PATH. */
    public static Path requireBinary(String binary, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, binary);
            if (Files.isExecutable(p)) return p;
        }
        Assumptions.abort(binary + " is not installed: skipped (apt-get install " + debianPackage + ")");
        return null;
    }

    public static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 && out.equals("0");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Process result. */
    public record Run(int exit, String output) {}

    public static Run run(Path workDir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
        if (workDir != null) pb.directory(workDir.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            reader.join();
            return new Run(-1, "timed out after " + timeoutSeconds + "s: " + new String(out[0] == null ? new byte[0] : out[0], StandardCharsets.UTF_8));
        }
        reader.join();
        return new Run(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }

    public static byte[] randomBytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    public static List<String> split(String s) {
        return new ArrayList<>(List.of(s.split(" ")));
    }
}
