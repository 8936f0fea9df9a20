package io.bramble.center.api;

/** An API answer that is not a success: HTTP status, error code and a message saying what to do. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }

    public String code() { return code; }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "invalid", message);
    }
}
