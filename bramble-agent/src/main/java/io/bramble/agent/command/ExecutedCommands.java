package io.bramble.agent.command;

import io.bramble.agent.DurableFiles;
import io.bramble.core.json.Json;
import io.bramble.core.wire.CommandResult;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
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
 * is reported as interrupted. Append-only JSON lines, compacted to the newest {@code keep} ids, but
 * never dropping one the center might still deliver (not yet past its expiry, with a day's slack
 * for a Pi whose clock is off). Writes go through a plain file stream, which an interrupt of the
 * agent's thread cannot cut off the way it closes a {@code FileChannel}.
 */
public final class ExecutedCommands implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExecutedCommands.class);
    private static final JsonMapper JSON = Json.mapper();
    static final String FILE = "commands-run.jsonl";
    static final String INTERRUPTED = "the agent stopped while this command ran; it is not run again (at most once)";
    /** A Pi without a real-time clock may be this far off the center's clock after boot, before NTP. */
    private static final Duration CLOCK_SLACK = Duration.ofDays(1);

    /** One line: {@code ok} is null between "started" and "finished". */
    record Line(String id, Boolean ok, String message, Instant expiresAt) {}

    private record Run(CommandResult result, Instant expiresAt) {}

    private final Path file;
    private final int keep;
    private final Clock clock;
    private final LinkedHashMap<String, Run> runs = new LinkedHashMap<>();
    private FileOutputStream out;
    private int lines;

    /**
     * Opens (or creates) the record under {@code dataDir}. A last line cut off by a crash is dropped from the file
     * before anything is appended, so it cannot swallow the next line.
     */
    public ExecutedCommands(Path dataDir, int keep, Clock clock) throws IOException {
        this.file = dataDir.resolve(FILE);
        this.keep = keep;
        this.clock = clock;
        if (Files.exists(file)) load();
        out = new FileOutputStream(file.toFile(), true);
        try {
            if (lines > 2 * keep) compact();
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private void load() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--; // a torn last line: everything after the last newline
        if (end < bytes.length) {
            log.warn("{}: dropping an unfinished last line (a write cut off by a crash)", file);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(end);
                raf.getFD().sync();
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        String text = decoder.decode(java.nio.ByteBuffer.wrap(bytes, 0, end)).toString();
        for (String l : text.split("\n")) {
            if (l.isBlank()) continue;
            Line line;
            try {
                line = JSON.readValue(l, Line.class);
            } catch (JacksonException e) {
                log.warn("{}: skipping an unreadable line: {}", file, e.getOriginalMessage());
                continue;
            }
            if (line.id() == null) continue;
            runs.remove(line.id()); // keep insertion order = order of last change
            runs.put(line.id(), new Run(line.ok() == null ? new CommandResult(false, INTERRUPTED) : new CommandResult(line.ok(), line.message()),
                    line.expiresAt()));
            lines++;
        }
    }

    /** The result of a command this agent has run (or started to run), if it has. */
    public synchronized Optional<CommandResult> result(String id) {
        Run r = runs.get(id);
        return r == null ? Optional.empty() : Optional.of(r.result());
    }

    /** Records, durably, that {@code id} (which the center keeps delivering until {@code expiresAt}) is about to run. */
    public synchronized void started(String id, Instant expiresAt) throws IOException {
        append(new Line(id, null, null, expiresAt));
        runs.put(id, new Run(new CommandResult(false, INTERRUPTED), expiresAt));
    }

    /** Records, durably, how {@code id} went. */
    public synchronized void finished(String id, CommandResult result) throws IOException {
        Run before = runs.remove(id);
        Instant expires = before == null ? null : before.expiresAt();
        runs.put(id, new Run(result, expires));
        append(new Line(id, result.ok(), result.message(), expires));
    }

    public synchronized int size() {
        return runs.size();
    }

    private void append(Line line) throws IOException {
        out.write((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        out.getFD().sync();
        lines++;
        if (lines > 2 * keep) compact();
    }

    /**
     * Rewrites the file with the newest {@code keep} ids plus any older one the center may still deliver, through a
     * temporary file and an atomic rename.
     */
    private void compact() throws IOException {
        Instant stillDeliverable = clock.instant().minus(CLOCK_SLACK);
        int excess = runs.size() - keep;
        for (Iterator<Map.Entry<String, Run>> it = runs.entrySet().iterator(); it.hasNext() && excess > 0; ) {
            Run r = it.next().getValue();
            if (r.expiresAt() != null && r.expiresAt().isAfter(stillDeliverable)) continue;
            it.remove();
            excess--;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Run> e : runs.entrySet()) {
            Run r = e.getValue();
            sb.append(JSON.writeValueAsString(new Line(e.getKey(), r.result().ok(), r.result().message(), r.expiresAt()))).append('\n');
        }
        out.close();
        DurableFiles.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        out = new FileOutputStream(file.toFile(), true);
        lines = runs.size();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
