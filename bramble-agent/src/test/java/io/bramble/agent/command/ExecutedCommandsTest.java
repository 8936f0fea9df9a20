package io.bramble.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.bramble.core.wire.CommandResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutedCommandsTest {
    @TempDir Path dir;

    @Test
    void finishedCommandsAreRememberedAcrossARestart() throws Exception {
        try (ExecutedCommands e = new ExecutedCommands(dir, 100)) {
            e.started("c1");
            e.finished("c1", new CommandResult(true, "fan at 40%"));
            assertThat(e.result("c2")).isEmpty();
        }
        try (ExecutedCommands e = new ExecutedCommands(dir, 100)) {
            assertThat(e.result("c1")).contains(new CommandResult(true, "fan at 40%"));
            assertThat(e.result("c2")).isEmpty();
        }
    }

    @Test
    void aCommandCutOffByACrashIsRememberedAsInterruptedNotRunAgain() throws Exception {
        try (ExecutedCommands e = new ExecutedCommands(dir, 100)) {
            e.started("reboot-1");
        }
        try (ExecutedCommands e = new ExecutedCommands(dir, 100)) {
            CommandResult r = e.result("reboot-1").orElseThrow();
            assertThat(r.ok()).isFalse();
            assertThat(r.message()).contains("not run again");
        }
    }

    @Test
    void aTornLastLineIsSkippedAndTheRestKept() throws Exception {
        try (ExecutedCommands e = new ExecutedCommands(dir, 100)) {
            e.started("a");
            e.finished("a", new CommandResult(true, "ok"));
        }
        Files.writeString(dir.resolve(ExecutedCommands.FILE), "{\"id\":\"b\",\"ok\":tr", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (ExecutedCommands e = new ExecutedCommands(dir, 100)) {
            assertThat(e.result("a")).contains(new CommandResult(true, "ok"));
            assertThat(e.result("b")).isEmpty();
            e.started("c");
            e.finished("c", new CommandResult(false, "no fan"));
        }
        try (ExecutedCommands e = new ExecutedCommands(dir, 100)) {
            assertThat(e.result("c")).contains(new CommandResult(false, "no fan"));
        }
    }

    @Test
    void theRecordIsCompactedToTheNewestIds() throws Exception {
        try (ExecutedCommands e = new ExecutedCommands(dir, 10)) {
            for (int i = 0; i < 50; i++) {
                e.started("c" + i);
                e.finished("c" + i, new CommandResult(true, "done " + i));
            }
            assertThat(e.size()).isLessThanOrEqualTo(21);
            assertThat(e.result("c49")).isPresent();
        }
        assertThat(Files.readAllLines(dir.resolve(ExecutedCommands.FILE)).size()).isLessThanOrEqualTo(21);
        try (ExecutedCommands e = new ExecutedCommands(dir, 10)) {
            assertThat(e.result("c49")).contains(new CommandResult(true, "done 49"));
            assertThat(e.result("c0")).isEmpty();
        }
    }
}
