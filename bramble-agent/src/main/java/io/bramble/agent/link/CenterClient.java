package io.bramble.agent.link;

import io.bramble.core.json.Json;
import io.bramble.core.wire.ApiError;
import io.bramble.core.wire.CommandBatch;
import io.bramble.core.wire.CommandResult;
import io.bramble.core.wire.DesiredState;
import io.bramble.core.wire.EnrollRequest;
import io.bramble.core.wire.EnrollResponse;
import io.bramble.core.wire.EventBatch;
import io.bramble.core.wire.Heartbeat;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's side of the agent ⇄ center protocol (docs/api.md): enroll, heartbeat, events, commands. Network
 * trouble is an {@link IOException}; an answer that is an error is a {@link CenterException}.
 */
public final class CenterClient implements AutoCloseable {
    private static final String JSON = "application/json";

    private final HttpClient11 http;
    private final JsonMapper out = Json.mapper();
    /**
     * Replies are read leniently: a newer center may add fields to its answers, and agents on 200 Pis
     * are upgraded after the center, so an unknown field must not break them.
     */
    private final JsonMapper in = Json.mapper().rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public CenterClient(HttpClient11 http) {
        this.http = http;
    }

    /** {@code POST /api/v1/agent/enroll}; expects 201 (200 is accepted too). */
    public EnrollResponse enroll(EnrollRequest request) throws IOException, CenterException {
        return call("/api/v1/agent/enroll", null, request, EnrollResponse.class);
    }

    /** {@code POST /api/v1/agent/heartbeat} with the node credential; the reply is the desired state. */
    public DesiredState heartbeat(String credential, Heartbeat heartbeat) throws IOException, CenterException {
        return call("/api/v1/agent/heartbeat", credential, heartbeat, DesiredState.class);
    }

    /** {@code POST /api/v1/agent/events}: a batch in seq order. */
    public EventAck sendEvents(String credential, EventBatch batch) throws IOException, CenterException {
        return call("/api/v1/agent/events", credential, batch, EventAck.class);
    }

    /**
     * {@code GET /api/v1/agent/commands?wait=...}: the commands open for this node, as soon as there are any or
     * empty once {@code wait} has passed. The read may take {@code wait} plus {@code slack}.
     */
    public CommandBatch commands(String credential, Duration wait, Duration slack) throws IOException, CenterException {
        String path = "/api/v1/agent/commands?wait=" + wait.toSeconds() + "s";
        HttpResponse r = http.send("GET", path, Map.of("Authorization", "Bearer " + credential), null, wait.plus(slack));
        return read(path, r, CommandBatch.class);
    }

    /** {@code POST /api/v1/agent/commands/{id}/result}. */
    public void commandResult(String credential, String id, CommandResult result) throws IOException, CenterException {
        call("/api/v1/agent/commands/" + id + "/result", credential, result, Map.class);
    }

    private <T> T call(String path, String credential, Object body, Class<T> replyType) throws IOException, CenterException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JSON);
        if (credential != null) headers.put("Authorization", "Bearer " + credential);
        HttpResponse r = http.send("POST", path, headers, out.writeValueAsBytes(body));
        return read(path, r, replyType);
    }

    private <T> T read(String path, HttpResponse r, Class<T> replyType) throws CenterException {
        if (r.status() != 200 && r.status() != 201) throw error(path, r);
        try {
            T value = in.readValue(r.body(), replyType);
            if (value == null) throw new CenterException(r.status(), null, path + " answered with an empty body");
            return value;
        } catch (JacksonException e) {
            throw new CenterException(r.status(), null, path + " answered with JSON the agent cannot read: " + e.getOriginalMessage());
        }
    }

    private CenterException error(String path, HttpResponse r) {
        try {
            ApiError e = in.readValue(r.body(), ApiError.class);
            if (e != null && e.error() != null) return new CenterException(r.status(), e.error().code(), e.error().message());
        } catch (JacksonException ignored) {
            // not an API error body: a proxy's HTML page, say; report its start
        }
        String text = r.bodyText().strip();
        if (text.length() > 200) text = text.substring(0, 200) + "...";
        return new CenterException(r.status(), null, path + (text.isEmpty() ? "" : ": " + text));
    }

    @Override
    public void close() {
        http.close();
    }
}
