package io.bramble.core.wire;

/** What an agent reports after running a command: whether it worked and, in words, what happened. */
public record CommandResult(boolean ok, String message) {
    public static final int MAX_MESSAGE = 2000;

    public CommandResult {
        if (message == null) message = "";
        if (message.length() > MAX_MESSAGE) message = message.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
