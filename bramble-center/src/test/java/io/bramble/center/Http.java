package io.bramble.center;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.bramble.core.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny HTTP client for tests: real requests on loopback, JSON in and out. */
public final class Http {
    private static final JsonMapper JSON = Json.mapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(String base) {
        this.base = base;
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String errorCode() {
            return json().path("error").path("code").asString();
        }

        public String errorMessage() {
            return json().path("error").path("message").asString();
        }
    }

    public Response send(String method, String path, String token, String contentType, String body, Map<String, String> headers) {
        return send(method, path, token, contentType, body, headers, Duration.ofSeconds(20));
    }

    /** A GET that may take up to {@code timeout} (a long-poll). */
    public Response get(String path, String token, Duration timeout) {
        return send("GET", path, token, null, null, Map.of(), timeout);
    }

    public Response send(String method, String path, String token, String contentType, String body, Map<String, String> headers,
                         Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null, Map.of());
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, "application/json", JSON.writeValueAsString(body), Map.of());
    }

    public Response postRaw(String path, String token, String contentType, String body) {
        return send("POST", path, token, contentType, body, Map.of());
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, "application/json", JSON.writeValueAsString(body), Map.of());
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, null, Map.of());
    }

    public static String json(Object o) {
        return JSON.writeValueAsString(o);
    }
}
