package io.bramble.app;

/** A problem the user can fix (bad flag, unreachable center, refused login); printed without a stack trace. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
