package io.bramble.center.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.javalin.http.Context;

/** Query parameters read the same way on every route, each refused with a message naming it. */
public final class Query {
    private Query() {}

    /** An ISO-8601 time or epoch milliseconds; {@code dflt} when absent. */
    public static Instant time(Context ctx, String param, Instant dflt) {
        String v = ctx.queryParam(param);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(v));
            } catch (NumberFormatException n) {
                throw ApiException.badRequest(param + " must be an ISO-8601 time such as 2026-11-23T10:00:00Z or epoch milliseconds (got " + v + ")");
            }
        }
    }

    /** A whole number between 1 and {@code max}; {@code dflt} when absent. */
    public static int limit(Context ctx, int dflt, int max) {
        String v = ctx.queryParam("limit");
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a whole number between 1 and " + max + " (got " + v + ")");
        }
    }
}
