package io.bramble.agent.command;

import io.bramble.core.wire.AgentCommand;

/** Runs one command from the center on this node (blink, LEDs, fan, reboot) and says how it went. */
@FunctionalInterface
public interface CommandHandler {
    /**
     * Runs {@code command}. Refusals (a part this node does not have, an argument it does not understand) are a
     * failed {@link Outcome} with the reason, not an exception.
     */
    Outcome run(AgentCommand command);

    /**
     * How a command went. {@code afterReport}, when not null, runs once the center has the result: a reboot is
     * reported before it happens, or the report would never be sent.
     */
    record Outcome(boolean ok, String message, Runnable afterReport) {
        public static Outcome ok(String message) {
            return new Outcome(true, message, null);
        }

        public static Outcome failed(String message) {
            return new Outcome(false, message, null);
        }

        public Outcome withAfterReport(Runnable r) {
            return new Outcome(ok, message, r);
        }
    }
}
