package io.bramble.agent.link;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP response: status, headers (names lower-cased, repeated headers joined with ", ") and the whole body. */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {
    public HttpResponse {
        headers = Map.copyOf(headers);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
