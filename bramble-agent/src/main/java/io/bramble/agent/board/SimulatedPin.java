package io.bramble.agent.board;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An in-memory pin for the simulated board: an LED one can look at, a button one can press. */
final class SimulatedPin implements DigitalIn, DigitalOut {
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean level;

    @Override
    public boolean active() {
        return level;
    }

    @Override
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    @Override
    public void set(boolean on) {
        boolean changed = on != level;
        level = on;
        if (changed) for (Consumer<Boolean> l : listeners) l.accept(on);
    }

    @Override
    public boolean isOn() {
        return level;
    }
}
