package io.bramble.agent;

import io.bramble.agent.board.BoardConfig;
import io.bramble.agent.link.CenterTls;
import io.bramble.core.config.ConfigValueException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The agent's settings, read from {@code agent.yaml} by {@link io.bramble.core.config.ConfigLoader}.
 * Every key has a default; see docs/agent.md for the table.
 *
 * @param name      node name to ask the center for at enrollment (default: the center picks, usually the hostname)
 * @param dataDir   where the credential and the event queue live
 * @param center    how to reach the center
 * @param heartbeat how often to report
 * @param events    the on-disk event queue
 * @param collect   where the collectors read /proc and /sys
 * @param board     the button, LEDs and fan wired to this Pi (docs/hardware.md); default: nothing wired
 * @param commands  the command channel: long-poll wait, how many run ids to remember, the reboot command
 */
public record AgentConfig(String name, String dataDir, Center center, Heartbeat heartbeat, Events events, Collect collect,
                          BoardConfig board, Commands commands) {
    public static final String DEFAULT_DATA_DIR = "/var/lib/bramble-agent";

    public AgentConfig {
        if (name != null) {
            name = name.strip();
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"))
                throw new ConfigValueException("name", "must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit (got '" + name + "')");
        }
        if (dataDir == null || dataDir.isBlank()) dataDir = DEFAULT_DATA_DIR;
        if (center == null) center = new Center(null, null, null, null, null);
        if (heartbeat == null) heartbeat = new Heartbeat(null);
        if (events == null) events = new Events(null);
        if (collect == null) collect = new Collect(null);
        if (board == null) board = BoardConfig.NONE;
        if (commands == null) commands = new Commands(null, null, null);
    }

    /** Settings without a board or commands section (nothing wired, default command channel). */
    public AgentConfig(String name, String dataDir, Center center, Heartbeat heartbeat, Events events, Collect collect) {
        this(name, dataDir, center, heartbeat, events, collect, null, null);
    }

    public Path dataPath() {
        return Path.of(dataDir);
    }

    /** A copy with command-line overrides applied (null keeps the file's value). */
    public AgentConfig withOverrides(String centerUrl, String joinToken, String dataDirOverride) {
        Center c = new Center(centerUrl != null ? centerUrl : center.url(), joinToken != null ? joinToken : center.joinToken(),
                center.fingerprint(), center.timeout(), center.backoff());
        return new AgentConfig(name, dataDirOverride != null ? dataDirOverride : dataDir, c, heartbeat, events, collect, board, commands);
    }

    /**
     * @param url         the center's base URL, {@code http://host:port} or {@code https://host:port}; required to run
     * @param joinToken   the token to enroll with when the agent has no credential yet
     * @param fingerprint SHA-256 fingerprint of the center's TLS certificate to pin (64 hex digits, ':' allowed)
     * @param timeout     connect and read timeout for calls to the center
     * @param backoff     retry delays while the center is unreachable
     */
    public record Center(String url, String joinToken, String fingerprint, Duration timeout, Backoff backoff) {
        public Center {
            if (url != null) {
                url = url.strip();
                while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
                URI u;
                try {
                    u = new URI(url);
                } catch (URISyntaxException e) {
                    throw new ConfigValueException("url", "'" + url + "' is not a URL; write http://host:port or https://host:port");
                }
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null)
                    throw new ConfigValueException("url", "'" + url + "' must be http://host[:port] or https://host[:port]");
                if (u.getQuery() != null || u.getFragment() != null)
                    throw new ConfigValueException("url", "'" + url + "' must not have a query or fragment");
            }
            if (joinToken != null && joinToken.isBlank()) joinToken = null;
            if (joinToken != null && (joinToken.length() > 512 || joinToken.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)))
                throw new ConfigValueException("joinToken", "must be printable ASCII without spaces, at most 512 characters");
            if (fingerprint != null) {
                try {
                    fingerprint = CenterTls.normalise(fingerprint);
                } catch (IllegalArgumentException e) {
                    throw new ConfigValueException("fingerprint", e.getMessage());
                }
            }
            if (timeout == null) timeout = Duration.ofSeconds(10);
            ConfigValueException.requireBetween("timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(5));
            if (backoff == null) backoff = new Backoff(null, null);
        }

        public boolean https() {
            return url != null && url.toLowerCase(Locale.ROOT).startsWith("https:");
        }
    }

    /** Retry delays: start at {@code initial}, double per failure up to {@code max}, with full jitter. */
    public record Backoff(Duration initial, Duration max) {
        public Backoff {
            if (initial == null) initial = Duration.ofSeconds(1);
            if (max == null) max = Duration.ofSeconds(60);
            ConfigValueException.requireBetween("initial", initial, Duration.ofMillis(10), Duration.ofMinutes(1));
            ConfigValueException.requireBetween("max", max, Duration.ofMillis(10), Duration.ofHours(1));
            if (max.compareTo(initial) < 0)
                throw new ConfigValueException("max", "must not be below backoff.initial (" + io.bramble.core.config.Durations.format(initial) + ")");
        }
    }

    /** @param interval time between heartbeats; the center may change it in its replies */
    public record Heartbeat(Duration interval) {
        public Heartbeat {
            if (interval == null) interval = Duration.ofSeconds(5);
            ConfigValueException.requireBetween("interval", interval, Duration.ofSeconds(1), Duration.ofHours(1));
        }
    }

    /**
     * @param maxQueued most events kept on disk while the center is unreachable; the oldest are dropped beyond it. The
     *                  queue is held in memory too, so the cap keeps it inside the launcher's 48 MB heap
     */
    public record Events(Integer maxQueued) {
        public Events {
            if (maxQueued == null) maxQueued = 10_000;
            ConfigValueException.requireBetween("maxQueued", maxQueued, 100, 50_000);
        }
    }

    /** @param root directory the collectors treat as "/" (a fixture tree in tests, or the host's root seen from a container) */
    public record Collect(String root) {
        public Collect {
            if (root == null || root.isBlank()) root = "/";
        }

        public Path rootPath() {
            return Path.of(root);
        }
    }

    /**
     * @param pollWait how long each long-poll for commands waits at the center before it answers "nothing"
     * @param keep   how many ids of commands already run are remembered on disk (so none runs twice)
     * @param reboot the program and arguments that reboot this machine (run after the center has the result)
     */
    public record Commands(Duration pollWait, Integer keep, java.util.List<String> reboot) {
        public Commands {
            if (pollWait == null) pollWait = Duration.ofSeconds(25);
            ConfigValueException.requireBetween("pollWait", pollWait, Duration.ofSeconds(1), Duration.ofSeconds(60));
            if (keep == null) keep = 1000;
            ConfigValueException.requireBetween("keep", keep, 100, 100_000);
            if (reboot == null) reboot = java.util.List.of("systemctl", "reboot");
            if (reboot.isEmpty() || reboot.stream().anyMatch(a -> a == null || a.isBlank()))
                throw new ConfigValueException("reboot", "must be a program and its arguments, e.g. [systemctl, reboot]");
            reboot = java.util.List.copyOf(reboot);
        }
    }
}
