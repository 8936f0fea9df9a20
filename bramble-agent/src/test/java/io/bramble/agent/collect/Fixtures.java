package io.bramble.agent.collect;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The captured /proc and /sys trees under src/test/resources/fixtures. */
final class Fixtures {
    private Fixtures() {}

    static Path root(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
