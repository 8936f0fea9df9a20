package io.bramble.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.bramble.agent.board.LedColour;
import io.bramble.agent.board.LedPattern;
import io.bramble.center.commands.CommandTypes;

/**
 * The center checks an LED command against its own lists (it does not depend on the agent module); they must
 * name exactly what the agent's board understands, or a command the center accepts would fail on every Pi.
 */
class CommandTypesMatchTheBoardTest {
    @Test
    void theCentersLedColoursAndPatternsAreTheBoardsOwn() {
        assertThat(CommandTypes.COLOURS.subList(1, CommandTypes.COLOURS.size()))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(LedColour.values()).map(LedColour::label).toList());
        assertThat(CommandTypes.COLOURS.getFirst()).isEqualTo("auto");
        assertThat(CommandTypes.PATTERNS)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(LedPattern.values()).map(p -> p.label().replace('_', '-')).toList());
    }
}
