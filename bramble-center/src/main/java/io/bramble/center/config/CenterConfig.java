package io.bramble.center.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.bramble.core.config.ConfigValueException;

/**
 * Everything {@code center.yaml} can set. Every key has a default, so an empty file (or none) runs
 * a center on 127.0.0.1:8080 with an SQLite store under {@code ./data}.
 */
public record CenterConfig(Http http, String dataDir, Store store, Health health, Heartbeat heartbeat,
                           Retention retention, Auth auth, Rack rack, Map<String, Balancer> balancers, Boot boot, PowerConfig power) {

    public CenterConfig {
        http = http == null ? new Http(null, null, null, null) : http;
        dataDir = dataDir == null || dataDir.isBlank() ? "data" : dataDir;
        store = store == null ? new Store(null, null, null, null) : store;
        health = health == null ? new Health(null, null, null, null, null) : health;
        heartbeat = heartbeat == null ? new Heartbeat(null) : heartbeat;
        retention = retention == null ? new Retention(null, null, null) : retention;
        auth = auth == null ? new Auth(null, null) : auth;
        rack = rack == null ? new Rack(null) : rack;
        balancers = balancers == null ? Map.of() : Map.copyOf(balancers);
        boot = boot == null ? new Boot(null, null, null, null, null, null, null) : boot;
        power = power == null ? PowerConfig.NONE : power;
        for (String name : balancers.keySet())
            if (!name.matches("[a-z0-9][a-z0-9-]{0,31}"))
                throw new ConfigValueException("balancers." + name, "a balancer name is lower-case letters, digits and '-', at most 32");
        // a node must be seen as stale before it is seen as down
        if (health.downAfter().compareTo(health.staleAfter()) <= 0)
            throw new ConfigValueException("health.downAfter", "must be longer than health.staleAfter ("
                    + io.bramble.core.config.Durations.format(health.staleAfter()) + ")");
    }

    public Path dataPath() {
        return Path.of(dataDir);
    }

    /** Where the HTTP API and dashboard listen; {@code publicUrl} is what agents and browsers use. */
    public record Http(String host, Integer port, String publicUrl, Long maxBodyBytes) {
        public Http {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            port = ConfigValueException.requireBetween("port", port == null ? 8080 : port, 0, 65535);
            maxBodyBytes = maxBodyBytes == null ? 1_048_576L : maxBodyBytes;
            if (maxBodyBytes < 1024 || maxBodyBytes > 1L << 30)
                throw new ConfigValueException("maxBodyBytes", "must be between 1024 and 1073741824 (got " + maxBodyBytes + ")");
        }
    }

    /**
     * The store: {@code url} empty means SQLite at {@code <dataDir>/bramble.db}; a
     * {@code jdbc:postgresql://...} URL uses PostgreSQL.
     */
    public record Store(String url, String user, String password, Integer poolSize) {
        public Store {
            url = url == null ? "" : url.strip();
            if (!url.isEmpty() && !url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:"))
                throw new ConfigValueException("url", "must be empty (SQLite in dataDir), jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB (got " + url + ")");
            poolSize = ConfigValueException.requireBetween("poolSize", poolSize == null ? 8 : poolSize, 1, 64);
        }
    }

    /** When a node counts as stale, down or degraded. */
    public record Health(Duration staleAfter, Duration downAfter, Double hotCelsius, Double diskFullPercent,
                         Duration checkEvery) {
        public Health {
            staleAfter = ConfigValueException.requireBetween("staleAfter", staleAfter == null ? Duration.ofSeconds(15) : staleAfter,
                    Duration.ofSeconds(1), Duration.ofHours(1));
            downAfter = ConfigValueException.requireBetween("downAfter", downAfter == null ? Duration.ofSeconds(60) : downAfter,
                    Duration.ofSeconds(2), Duration.ofDays(1));
            hotCelsius = hotCelsius == null ? 80.0 : hotCelsius;
            if (hotCelsius < 30 || hotCelsius > 110)
                throw new ConfigValueException("hotCelsius", "must be between 30 and 110 (got " + hotCelsius + ")");
            diskFullPercent = diskFullPercent == null ? 90.0 : diskFullPercent;
            if (diskFullPercent < 1 || diskFullPercent > 100)
                throw new ConfigValueException("diskFullPercent", "must be between 1 and 100 (got " + diskFullPercent + ")");
            checkEvery = ConfigValueException.requireBetween("checkEvery", checkEvery == null ? Duration.ofSeconds(1) : checkEvery,
                    Duration.ofMillis(100), Duration.ofMinutes(1));
        }
    }

    /** The interval the center asks agents to heartbeat at. */
    public record Heartbeat(Duration interval) {
        public Heartbeat {
            interval = ConfigValueException.requireBetween("interval", interval == null ? Duration.ofSeconds(5) : interval,
                    Duration.ofSeconds(1), Duration.ofHours(1));
        }
    }

    /** How long samples are kept: raw, then as 1-minute rollups. */
    public record Retention(Duration raw, Duration rollups, Duration events) {
        public Retention {
            raw = ConfigValueException.requireBetween("raw", raw == null ? Duration.ofHours(48) : raw, Duration.ofMinutes(10), Duration.ofDays(365));
            rollups = ConfigValueException.requireBetween("rollups", rollups == null ? Duration.ofDays(30) : rollups, Duration.ofHours(1), Duration.ofDays(3650));
            events = ConfigValueException.requireBetween("events", events == null ? Duration.ofDays(90) : events, Duration.ofDays(1), Duration.ofDays(3650));
        }
    }

    /** Login and token lifetimes. */
    public record Auth(Duration sessionTtl, Integer passwordIterations) {
        public Auth {
            sessionTtl = ConfigValueException.requireBetween("sessionTtl", sessionTtl == null ? Duration.ofHours(12) : sessionTtl,
                    Duration.ofMinutes(1), Duration.ofDays(30));
            passwordIterations = ConfigValueException.requireBetween("passwordIterations",
                    passwordIterations == null ? 210_000 : passwordIterations, 10_000, 10_000_000);
        }
    }

    /** The physical racks: each has rows of slots (the WSO2 cluster: 1 rack, 3 rows of 8). */
    public record Rack(List<RackSpec> racks) {
        public Rack {
            racks = racks == null || racks.isEmpty() ? List.of(new RackSpec(null, null, null)) : List.copyOf(racks);
        }
    }

    public record RackSpec(String name, Integer rows, Integer slots) {
        public RackSpec {
            name = name == null || name.isBlank() ? "rack1" : name;
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}"))
                throw new ConfigValueException("name", "letters, digits, '_', '.', '-', at most 32 (got " + name + ")");
            rows = ConfigValueException.requireBetween("rows", rows == null ? 3 : rows, 1, 64);
            slots = ConfigValueException.requireBetween("slots", slots == null ? 8 : slots, 1, 64);
        }
    }

    /** A balancer fed from node roles: nodes with {@code role} serve on {@code port}. */
    public record Balancer(String role, Integer port, String scheme) {
        public Balancer {
            role = role == null || role.isBlank() ? "web" : role;
            port = ConfigValueException.requireBetween("port", port == null ? 80 : port, 1, 65535);
            scheme = scheme == null ? "http" : scheme;
            if (!scheme.equals("http") && !scheme.equals("https"))
                throw new ConfigValueException("scheme", "must be http or https (got " + scheme + ")");
        }
    }

    /**
     * Network boot and provisioning (docs/netboot.md). {@code tftp} and {@code dhcp} are bramble-boot's settings;
     * {@code autoEnlist} creates a node in lifecycle {@code new} for an unknown Pi serial; {@code discoveryProfile} names the
     * profile whose files boot new and discovering nodes; a node still provisioning (or discovering) after its timeout is failed.
     */
    public record Boot(Boolean enabled, io.bramble.boot.BootConfig.Tftp tftp, io.bramble.boot.BootConfig.Dhcp dhcp, Boolean autoEnlist,
                       String discoveryProfile, Duration provisionTimeout, Duration discoveryTimeout) {
        public Boot {
            enabled = enabled != null && enabled;
            tftp = tftp == null ? io.bramble.boot.BootConfig.defaults().tftp() : tftp;
            dhcp = dhcp == null ? io.bramble.boot.BootConfig.defaults().dhcp() : dhcp;
            autoEnlist = autoEnlist == null || autoEnlist;
            discoveryProfile = discoveryProfile == null ? "" : discoveryProfile.strip();
            provisionTimeout = ConfigValueException.requireBetween("provisionTimeout", provisionTimeout == null ? Duration.ofMinutes(30) : provisionTimeout,
                    Duration.ofMinutes(1), Duration.ofDays(1));
            discoveryTimeout = ConfigValueException.requireBetween("discoveryTimeout", discoveryTimeout == null ? Duration.ofMinutes(15) : discoveryTimeout,
                    Duration.ofMinutes(1), Duration.ofDays(1));
        }

        /** The settings for bramble-boot's {@code BootServices}. */
        public io.bramble.boot.BootConfig services() {
            return new io.bramble.boot.BootConfig(tftp, dhcp);
        }
    }
}
