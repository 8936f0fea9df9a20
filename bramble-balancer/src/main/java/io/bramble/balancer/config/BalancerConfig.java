package io.bramble.balancer.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.bramble.balancer.method.MethodName;
import io.bramble.core.config.ConfigValueException;

/**
 * Everything in {@code balancer.yaml}; every key has a default (see docs/balancer.md). Loaded with
 * {@link io.bramble.core.config.ConfigLoader}, which refuses unknown keys and bad values with file and line.
 */
public record BalancerConfig(
        String name,
        String listen,
        Integer threads,
        String transport,
        String method,
        String forwardedProto,
        Duration slowStart,
        List<MemberConfig> members,
        Timeouts timeouts,
        Limits limits,
        HealthCheck healthCheck,
        Ejection ejection,
        Retry retry,
        Sticky sticky,
        ByLoad byload,
        CenterFeed center,
        Manager manager) {

    public BalancerConfig {
        name = name == null || name.isBlank() ? "web" : name.strip();
        if (!name.matches("[A-Za-z0-9_\\-]{1,64}"))
            throw new ConfigValueException("name", "'" + name + "' may use letters, digits, '_' and '-' only");
        listen = listen == null || listen.isBlank() ? "0.0.0.0:8080" : listen.strip();
        HostPort.parse("listen", listen);
        threads = ConfigValueException.requireBetween("threads", threads == null ? 0 : threads, 0, 256);
        transport = transport == null || transport.isBlank() ? "auto" : transport.strip();
        if (!TRANSPORTS.contains(transport))
            throw new ConfigValueException("transport", "'" + transport + "' is not a transport; use one of " + TRANSPORTS);
        method = method == null || method.isBlank() ? "byrequests" : method.strip();
        if (MethodName.parse(method) == null)
            throw new ConfigValueException("method", "'" + method + "' is not a method; use " + MethodName.names());
        forwardedProto = forwardedProto == null || forwardedProto.isBlank() ? "http" : forwardedProto.strip();
        if (!forwardedProto.equals("http") && !forwardedProto.equals("https"))
            throw new ConfigValueException("forwardedProto", "must be http or https (got " + forwardedProto + ")");
        slowStart = ConfigValueException.requireBetween("slowStart", slowStart == null ? Duration.ofSeconds(30) : slowStart, Duration.ZERO, Duration.ofHours(1));
        members = members == null ? List.of() : List.copyOf(members);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            if (!names.add(members.get(i).name()))
                throw new ConfigValueException("members[" + i + "].name", "'" + members.get(i).name() + "' is used by two members; names must be unique");
        }
        timeouts = timeouts == null ? Timeouts.defaults() : timeouts;
        limits = limits == null ? Limits.defaults() : limits;
        healthCheck = healthCheck == null ? HealthCheck.defaults() : healthCheck;
        ejection = ejection == null ? Ejection.defaults() : ejection;
        retry = retry == null ? Retry.defaults() : retry;
        sticky = sticky == null ? Sticky.defaults() : sticky;
        byload = byload == null ? ByLoad.defaults() : byload;
        center = center == null ? CenterFeed.defaults() : center;
        manager = manager == null ? Manager.defaults() : manager;
    }

    /** The event-loop transports (see io.bramble.balancer.proxy.Transport); auto takes the best the machine has. */
    public static final List<String> TRANSPORTS = List.of("auto", "io_uring", "epoll", "nio");

    public HostPort listenAddress() {
        return HostPort.parse("listen", listen);
    }

    public MethodName methodName() {
        return MethodName.parse(method);
    }

    /** A config with only these settings given and the rest at their defaults (for the command-line form). */
    public static BalancerConfig of(String listen, List<MemberConfig> members, String method) {
        return new BalancerConfig(null, listen, null, null, method, null, null, members,
                null, null, null, null, null, null, null, null, null);
    }

    public BalancerConfig withThreads(int n) {
        return new BalancerConfig(name, listen, n, transport, method, forwardedProto, slowStart, members, timeouts, limits, healthCheck,
                ejection, retry, sticky, byload, center, manager);
    }

    public BalancerConfig withTransport(String t) {
        return new BalancerConfig(name, listen, threads, t, method, forwardedProto, slowStart, members, timeouts, limits, healthCheck,
                ejection, retry, sticky, byload, center, manager);
    }
}
