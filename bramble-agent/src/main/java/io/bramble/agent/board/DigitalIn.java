package io.bramble.agent.board;

import java.util.function.Consumer;

/** A digital input as the board logic sees it: active or not, already corrected for active-low wiring. */
interface DigitalIn {
    boolean active();

    /** Called on every level change with the new level (active = true), on the provider's thread. */
    void onChange(Consumer<Boolean> listener);
}
