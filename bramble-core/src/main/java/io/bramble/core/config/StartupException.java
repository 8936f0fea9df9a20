package io.bramble.core.config;

/** A process cannot start for a reason its operator can fix (port taken, store unreachable); printed as one line. */
public final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
