package io.bramble.agent.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.bramble.agent.AgentConfig;
import io.bramble.core.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every agent.yaml example in docs/hardware.md (and the board example in docs/agent.md) loads, so the docs cannot rot. */
class HardwareDocTest {
    private static final Pattern YAML = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
            if (Files.isRegularFile(dir.resolve("docs/hardware.md"))) return dir.resolve("docs");
        throw new IllegalStateException("docs/hardware.md not found above " + Path.of("").toAbsolutePath());
    }

    static List<String> snippets(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        Matcher m = YAML.matcher(Files.readString(file));
        while (m.find()) if (m.group(1).contains("board:")) out.add(m.group(1));
        return out;
    }

    @TestFactory
    List<DynamicTest> everyBoardExampleInTheDocsLoads() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("hardware.md", "agent.md")) {
            List<String> found = snippets(docs().resolve(name));
            assertThat(found).as("board examples in docs/" + name).isNotEmpty();
            for (int i = 0; i < found.size(); i++) {
                String yaml = found.get(i);
                tests.add(DynamicTest.dynamicTest(name + " example " + (i + 1), () -> {
                    BoardConfig b = ConfigLoader.parse(name + " example", yaml, AgentConfig.class).board();
                    assertThat(b).as("the example sets something under board:").isNotEqualTo(BoardConfig.NONE);
                }));
            }
        }
        assertThat(tests.size()).as("hardware.md has an example per wiring").isGreaterThanOrEqualTo(12);
        return tests;
    }
}
