package io.bramble.agent.board;

/** A PWM output driving a fan: duty 0..100 %, 0 switches the output off. */
interface PwmOut {
    void duty(int percent);
}
