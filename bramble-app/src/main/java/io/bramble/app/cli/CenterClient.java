package io.bramble.app.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.bramble.app.UserError;
import io.bramble.core.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI's view of the center's REST API; turns every refusal into a {@link UserError} with the center's own message. */
public final class CenterClient {
    private static final JsonMapper JSON = Json.mapper();
    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CenterClient(String base, String token) {
        this.base = base.replaceAll("/+$", "");
        this.token = token;
    }

    public String base() {
        return base;
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    public JsonNode patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    public String getText(String path) {
        HttpResponse<String> r = exchange("GET", path, null);
        return r.body();
    }

    private JsonNode send(String method, String path, Object body) {
        HttpResponse<String> r = exchange(method, path, body);
        String text = r.body();
        return text == null || text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
    }

    /** POSTs a file as the body (uploads), waiting as long as the upload takes. */
    public JsonNode postFile(String path, String contentType, java.nio.file.Path file) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        HttpResponse<String> r = exchange("POST", path, contentType, body, Duration.ofMinutes(30));
        String text = r.body();
        return text == null || text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
    }

    private HttpResponse<String> exchange(String method, String path, Object body) {
        return body == null ? exchange(method, path, null, HttpRequest.BodyPublishers.noBody(), Duration.ofSeconds(30))
                : exchange(method, path, "application/json", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)), Duration.ofSeconds(30));
    }

    private HttpResponse<String> exchange(String method, String path, String contentType, HttpRequest.BodyPublisher body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body);
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new UserError("cannot reach the center at " + base + " (is it running? is --center right?)");
        } catch (IOException e) {
            throw new UserError("talking to the center at " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        } catch (IllegalArgumentException e) {
            throw new UserError("'" + base + "' is not a usable center URL: " + e.getMessage());
        }
        if (r.statusCode() >= 400) {
            String message = r.body();
            try {
                JsonNode err = JSON.readTree(r.body()).path("error");
                if (err.has("message")) message = err.path("message").asString();
            } catch (RuntimeException ignored) {
                // not JSON: show the body as it came
            }
            throw new UserError("the center refused " + method + " " + path + " (" + r.statusCode() + "): " + message);
        }
        return r;
    }
}
