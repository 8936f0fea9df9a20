package io.bramble.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.bramble.core.json.Json;

/** The few REST calls the app's tests make to a running center: JSON POSTs and logging in. */
final class TestApi {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private TestApi() {}

    /** POSTs {@code body} as JSON to {@code base + path}, with a bearer token when given; returns the answer's body. */
    static String post(String base, String path, String token, Object body) throws Exception {
        var req = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
        if (token != null) req.header("Authorization", "Bearer " + token);
        return CLIENT.send(req.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Logs {@code user} in and returns the session token. */
    static String login(String base, String user, String password) throws Exception {
        return Json.mapper().readTree(post(base, "/api/v1/session", null, Map.of("username", user, "password", password))).path("token").asString();
    }
}
