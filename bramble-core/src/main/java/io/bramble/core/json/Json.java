package io.bramble.core.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping every Bramble process uses on the wire: strict on input, ISO-8601 times. */
public final class Json {
    private Json() {}

    /**
     * A mapper that refuses unknown fields (a typo in a request is an error, not silently dropped)
     * and null for primitives; times are ISO-8601 strings.
     */
    public static JsonMapper mapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }
}
