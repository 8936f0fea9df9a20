package io.bramble.agent.collect;

import java.time.Duration;
import java.util.List;

/** Runs a helper program (such as {@code vcgencmd}) and returns what it printed; the edge tests replace. */
public interface CommandRunner {
    /**
     * The program's standard output, or null when the program is not installed.
     *
     * @throws java.io.IOException when it ran but failed (non-zero exit, timeout)
     */
    String run(List<String> command, Duration timeout) throws java.io.IOException;
}
