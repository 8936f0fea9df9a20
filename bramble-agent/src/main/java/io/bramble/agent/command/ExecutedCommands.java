package io.bramble.agent.command;

import io.bramble.core.json.Json;
import io.bramble.core.wire.CommandResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ids of the commands this agent has run, kept on disk so a command is run at most once even
 * when the center delivers it again after a lost result or an agent restart. An id is written (and
 * fsync'd) before its command runs; a command cut off by a crash is therefore never run again, and
 * is reported as interrupted. Append-only JSON lines, compacted to the newest {@code keep} ids.
 */
public final class ExecutedCommands implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExecutedCommands.class);
    private static final JsonMapper JSON = Json.mapper();
    static final String FILE = "commands-run.jsonl";
    static final String INTERRUPTED = "the agent stopped while this command ran; it is not run again (at most once)";

    /** One line: {@code result} is null between "started" and "finished". */
    record Line(String id, Boolean ok, String message) {}

    private final Path file;
    private final int keep;
    private final LinkedHashMap<String, CommandResult> runs = new LinkedHashMap<>();
    private FileChannel channel;
    private int lines;

    /** Opens (or creates) the record under {@code dataDir}; a torn last line from a crash is ignored. */
    public ExecutedCommands(Path dataDir, int keep) throws IOException {
        this.file = dataDir.resolve(FILE);
        this.keep = keep;
        if (Files.exists(file)) {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (l.isBlank()) continue;
                Line line;
                try {
                    line = JSON.readValue(l, Line.class);
                } catch (JacksonException e) {
                    log.warn("{}: skipping an unreadable line (a write cut off by a crash?): {}", file, e.getOriginalMessage());
                    continue;
                }
                if (line.id() == null) continue;
                runs.remove(line.id()); // keep insertion order = order of last change
                runs.put(line.id(), line.ok() == null ? new CommandResult(false, INTERRUPTED) : new CommandResult(line.ok(), line.message()));
                lines++;
            }
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (lines > 2 * keep) compact();
    }

    /** The result of a command this agent has run (or started to run), if it has. */
    public synchronized Optional<CommandResult> result(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    /** Records, durably, that {@code id} is about to run. */
    public synchronized void started(String id) throws IOException {
        runs.put(id, new CommandResult(false, INTERRUPTED));
        append(new Line(id, null, null));
    }

    /** Records, durably, how {@code id} went. */
    public synchronized void finished(String id, CommandResult result) throws IOException {
        runs.remove(id);
        runs.put(id, result);
        append(new Line(id, result.ok(), result.message()));
    }

    public synchronized int size() {
        return runs.size();
    }

    private void append(Line line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) channel.write(b);
        channel.force(false);
        lines++;
        if (lines > 2 * keep) compact();
    }

    /** Rewrites the file with only the newest {@code keep} ids, through a temporary file and an atomic rename. */
    private void compact() throws IOException {
        while (runs.size() > keep) runs.remove(runs.keySet().iterator().next());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, CommandResult> e : runs.entrySet())
            sb.append(JSON.writeValueAsString(new Line(e.getKey(), e.getValue().ok(), e.getValue().message()))).append('\n');
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) out.write(b);
            out.force(true);
        }
        channel.close();
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some filesystems cannot fsync a directory; the rename is still atomic
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = runs.size();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
