package io.bramble.balancer.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bramble.core.json.Json;
import tools.jackson.databind.json.JsonMapper;

/** Appends one JSON line per manager change (who, from where, what, before and after) to a file. */
public final class AuditLog {
    private final Path file;
    private final Clock clock;
    private final JsonMapper json = Json.mapper();

    public AuditLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() { return file; }

    public synchronized void append(String actor, String remote, String action, String target, Object before, Object after) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", clock.instant().toString());
        e.put("actor", actor);
        e.put("remote", remote);
        e.put("action", action);
        if (target != null) e.put("target", target);
        if (before != null) e.put("before", before);
        if (after != null) e.put("after", after);
        String line = json.writeValueAsString(e) + "\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot append to audit log " + file + ": " + ex.getMessage()
                    + "; check manager.auditLog and the directory's permissions", ex);
        }
    }
}
