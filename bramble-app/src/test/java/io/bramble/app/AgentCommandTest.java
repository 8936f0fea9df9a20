package io.bramble.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bramble.core.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

class AgentCommandTest {
    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void onceprintsThisMachinesFactsAndASampleAsJson() {
        Run r = run("agent", "--once");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("facts").get("serial").asString()).isNotBlank();
        assertThat(json.get("facts").get("hostname").asString()).isNotBlank();
        assertThat(json.get("sample").get("memTotalBytes").asLong()).isPositive();
        assertThat(json.get("sample").get("load1").asDouble()).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void withoutACenterTheAgentRefusesToStartAndSaysWhatToSet() {
        Run r = run("agent");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("center.url").contains("--center");
    }

    @Test
    void aBadConfigFileIsRefusedWithFileLineAndKey(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("agent.yaml");
        Files.writeString(cfg, "center:\n  url: http://c:8080\nheartbeat:\n  interval: 0s\n");
        Run r = run("agent", "--config", cfg.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("agent.yaml line 4: heartbeat.interval: must be between 1s and 1h (got 0s)");
    }

    @Test
    void helpListsTheOptions() {
        Run r = run("agent", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--config").contains("--center").contains("--join-token").contains("--data").contains("--once");
    }
}
