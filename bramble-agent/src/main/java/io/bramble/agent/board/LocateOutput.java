package io.bramble.agent.board;

/** The locate LED: taken over while a locate runs, then given back as it was. */
interface LocateOutput extends DigitalOut {
    /** Takes the LED over (a sysfs LED: remember its trigger, set {@code none}). */
    void claim();

    /** Gives the LED back as it was before {@link #claim()}. */
    void release();

    /** A GPIO LED nothing else drives: claiming does nothing, releasing switches it off. */
    static LocateOutput of(DigitalOut led) {
        return new LocateOutput() {
            @Override
            public void claim() {}

            @Override
            public void release() {
                led.set(false);
            }

            @Override
            public void set(boolean on) {
                led.set(on);
            }

            @Override
            public boolean isOn() {
                return led.isOn();
            }
        };
    }
}
