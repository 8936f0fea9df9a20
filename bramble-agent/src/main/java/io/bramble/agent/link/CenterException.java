package io.bramble.agent.link;

/** The center answered, but with an error: HTTP status and the API's error code and message. */
public final class CenterException extends Exception {
    private final int status;
    private final String code;

    public CenterException(int status, String code, String message) {
        super("center answered " + status + (code == null ? "" : " " + code) + ": " + message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The API error code such as {@code bad_join_token}, or null when the body was not an API error. */
    public String code() {
        return code;
    }

    /** The center will not take this request again as it is (4xx); retrying unchanged is pointless until something changes. */
    public boolean isClientError() {
        return status >= 400 && status < 500;
    }
}
