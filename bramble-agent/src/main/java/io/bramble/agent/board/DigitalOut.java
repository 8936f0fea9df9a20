package io.bramble.agent.board;

/** A digital output (an LED) as the board logic sees it: on or off, already corrected for active-low wiring. */
interface DigitalOut {
    void set(boolean on);

    boolean isOn();
}
