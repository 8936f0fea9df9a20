package io.bramble.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.bramble.core.wire.CommandResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutedCommandsTest {
    @TempDir Path dir;
    final Instant now = Instant.parse("2026-11-23T12:00:00Z");
    final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    final Instant expires = now.plus(Duration.ofMinutes(10));

    private ExecutedCommands open(int keep) throws Exception {
        return new ExecutedCommands(dir, keep, clock);
    }

    @Test
    void finishedCommandsAreRememberedAcrossARestart() throws Exception {
        try (ExecutedCommands e = open(100)) {
            e.started("c1", expires);
            e.finished("c1", new CommandResult(true, "fan at 40%"));
            assertThat(e.result("c2")).isEmpty();
        }
        try (ExecutedCommands e = open(100)) {
            assertThat(e.result("c1")).contains(new CommandResult(true, "fan at 40%"));
            assertThat(e.result("c2")).isEmpty();
        }
    }

    @Test
    void aCommandCutOffByACrashIsRememberedAsInterruptedNotRunAgain() throws Exception {
        try (ExecutedCommands e = open(100)) {
            e.started("reboot-1", expires);
        }
        try (ExecutedCommands e = open(100)) {
            CommandResult r = e.result("reboot-1").orElseThrow();
            assertThat(r.ok()).isFalse();
            assertThat(r.message()).contains("not run again");
        }
    }

    @Test
    void aTornLastLineIsDroppedSoItCannotSwallowTheNextOne() throws Exception {
        try (ExecutedCommands e = open(100)) {
            e.started("a", expires);
            e.finished("a", new CommandResult(true, "ok"));
        }
        // a crash cut the next line off, in the middle of a multi-byte character
        byte[] torn = "{\"id\":\"b\",\"ok\":true,\"message\":\"fan at 40 °".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(ExecutedCommands.FILE), java.util.Arrays.copyOf(torn, torn.length - 1), StandardOpenOption.APPEND);
        try (ExecutedCommands e = open(100)) {
            assertThat(e.result("a")).contains(new CommandResult(true, "ok"));
            assertThat(e.result("b")).isEmpty();
            e.started("c", expires); // and then the agent crashes while c runs
        }
        try (ExecutedCommands e = open(100)) {
            assertThat(e.result("c")).as("c was started; it must not run again").isPresent();
            assertThat(e.result("c").orElseThrow().message()).contains("not run again");
        }
    }

    @Test
    void theRecordIsCompactedToTheNewestIds() throws Exception {
        Instant longGone = now.minus(Duration.ofDays(3));
        try (ExecutedCommands e = open(100)) {
            for (int i = 0; i < 500; i++) {
                e.started("c" + i, longGone);
                e.finished("c" + i, new CommandResult(true, "done " + i));
            }
            assertThat(e.size()).isLessThanOrEqualTo(201);
            assertThat(e.result("c499")).isPresent();
        }
        assertThat(Files.readAllLines(dir.resolve(ExecutedCommands.FILE)).size()).isLessThanOrEqualTo(201);
        try (ExecutedCommands e = open(100)) {
            assertThat(e.result("c499")).contains(new CommandResult(true, "done 499"));
            assertThat(e.result("c0")).isEmpty();
        }
    }

    @Test
    void compactionKeepsIdsTheCenterMayStillDeliver() throws Exception {
        try (ExecutedCommands e = open(100)) {
            e.started("still-open", expires);
            e.finished("still-open", new CommandResult(true, "ran while the center was away"));
            for (int i = 0; i < 500; i++) {
                e.started("old" + i, now.minus(Duration.ofDays(3)));
                e.finished("old" + i, new CommandResult(true, "x"));
            }
            assertThat(e.result("still-open")).isPresent();
        }
        try (ExecutedCommands e = open(100)) {
            assertThat(e.result("still-open")).contains(new CommandResult(true, "ran while the center was away"));
        }
    }
}
