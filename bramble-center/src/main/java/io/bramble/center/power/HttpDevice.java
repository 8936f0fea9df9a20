package io.bramble.center.power;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.bramble.core.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** GETs JSON from a device's HTTP API with a timeout and optional basic auth; failures name the device and what to check. */
final class HttpDevice {
    private final HttpClient client;
    private final String base;
    private final String authorization;
    private final Duration timeout;

    HttpDevice(HttpClient client, String base, String username, String password, Duration timeout) {
        this.client = client;
        this.base = base;
        this.authorization = username == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
    }

    String base() {
        return base;
    }

    JsonNode get(String pathAndQuery) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout).GET();
        if (authorization != null) b.header("Authorization", authorization);
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException(base + " did not answer within " + timeout.toMillis() + " ms; is the device on the network?", e);
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot connect to " + base + "; check the outlet's url in center.yaml power.outlets", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted talking to " + base, e);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403)
            throw new IOException(base + " refused the request (" + r.statusCode() + "); check username and password in power.outlets");
        if (r.statusCode() >= 300)
            throw new IOException(base + pathAndQuery.replaceAll("password=[^&]*", "password=***") + " answered " + r.statusCode() + ": " + abbreviate(r.body()));
        try {
            return Json.mapper().readTree(r.body());
        } catch (JacksonException e) {
            throw new IOException(base + " did not answer JSON (" + abbreviate(r.body()) + "); is the driver right for this device?", e);
        }
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        s = s.strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    static Double number(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || !n.isNumber() ? null : n.asDouble();
    }
}
