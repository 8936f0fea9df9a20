package io.bramble.app;

import java.nio.file.Path;
import java.time.Clock;

import io.bramble.center.Center;

/** Starts the demo's agents: the real one for this machine (and, with the dashboard work, simulated Pis). */
final class DemoAgents {
    private DemoAgents() {}

    static AutoCloseable start(Center center, Path dataDir, Clock clock, int simulated) {
        return () -> { };
    }
}
