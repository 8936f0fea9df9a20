package io.bramble.balancer.config;

import java.time.Duration;

import io.bramble.core.config.ConfigValueException;

/**
 * Members from the center: {@code url} of the center, {@code token} (or {@code tokenFile}) an API
 * token, {@code pollInterval} when the center does not stream. The balancer name is the top-level
 * {@code name}. An empty url means static members only.
 */
public record CenterFeed(String url, String token, String tokenFile, Duration pollInterval, Duration retryMax) {
    public CenterFeed {
        url = url == null ? "" : url.strip();
        if (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        if (!url.isEmpty() && !url.matches("https?://[^\\s/]+(/[^\\s]*)?"))
            throw new ConfigValueException("url", "'" + url + "' must be http(s)://HOST[:PORT] of the center");
        token = token == null ? "" : token.strip();
        tokenFile = tokenFile == null ? "" : tokenFile.strip();
        pollInterval = ConfigValueException.requireBetween("pollInterval", pollInterval == null ? Duration.ofSeconds(15) : pollInterval, Duration.ofMillis(100), Duration.ofHours(1));
        retryMax = ConfigValueException.requireBetween("retryMax", retryMax == null ? Duration.ofSeconds(30) : retryMax, Duration.ofMillis(100), Duration.ofHours(1));
    }

    public boolean enabled() {
        return !url.isEmpty();
    }

    public static CenterFeed defaults() {
        return new CenterFeed(null, null, null, null, null);
    }
}
