package io.bramble.balancer.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import io.bramble.balancer.member.MemberFlag;
import io.bramble.core.config.ConfigValueException;

/**
 * One static member: {@code url} is {@code http://HOST:PORT} of a worker, {@code weight} its share
 * (1-100), {@code state} Apache-style flags it starts with (disabled, stopped, ignore-errors,
 * hot-standby, hot-spare, drain). {@code name} defaults to HOST:PORT and is the sticky route.
 */
public record MemberConfig(String name, String url, Integer weight, List<String> state) {
    public MemberConfig {
        if (url == null || url.isBlank()) throw new ConfigValueException("url", "is required, e.g. http://10.0.0.11:80");
        URI u = parseUrl("url", url);
        if (name == null || name.isBlank()) name = u.getHost() + ":" + port(u);
        if (!name.matches("[A-Za-z0-9._:\\-]{1,64}"))
            throw new ConfigValueException("name", "'" + name + "' may use letters, digits, '.', '_', '-' and ':' only (1-64 characters)");
        weight = ConfigValueException.requireBetween("weight", weight == null ? 1 : weight, 1, 100);
        state = state == null ? List.of() : List.copyOf(state);
        for (String s : state) {
            if (MemberFlag.parse(s) == null)
                throw new ConfigValueException("state", "'" + s + "' is not a member state; use " + MemberFlag.names());
        }
    }

    /** Checks that {@code url} is {@code http://HOST[:PORT]} with no path, query or user info. */
    public static URI parseUrl(String key, String url) {
        URI u;
        try {
            u = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigValueException(key, "'" + url + "' is not a URL such as http://10.0.0.11:80");
        }
        if (!"http".equals(u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT)) || u.getHost() == null)
            throw new ConfigValueException(key, "'" + url + "' must be http://HOST:PORT (members are reached over plain HTTP)");
        if ((u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) || u.getRawQuery() != null || u.getRawUserInfo() != null)
            throw new ConfigValueException(key, "'" + url + "' must not carry a path, query or user; write http://HOST:PORT");
        return u;
    }

    public static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : 80;
    }

    public List<MemberFlag> flags() {
        return state.stream().map(MemberFlag::parse).toList();
    }
}
