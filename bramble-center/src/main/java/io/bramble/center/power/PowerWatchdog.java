package io.bramble.center.power;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.center.config.PowerConfig;
import io.bramble.center.events.EventLog;
import io.bramble.center.nodes.Health;
import io.bramble.center.nodes.Node;
import io.bramble.center.nodes.NodeRegistry;

/**
 * Power-cycles a node that should be on but has sent no heartbeat for {@code watchdog.after}: a hung
 * Pi (a kernel panic, a wedged SD card) needs its power taken away. Only for outlets that opt in
 * with {@code watchdog: true}. After {@code maxAttempts} cycles, each waiting twice as long as the
 * one before, it gives up and marks the node failed, so a dead Pi is not cycled for ever.
 */
public final class PowerWatchdog {
    private static final Logger log = LoggerFactory.getLogger(PowerWatchdog.class);
    private static final String ACTOR = "watchdog";

    private final PowerService power;
    private final NodeRegistry nodes;
    private final EventLog events;
    private final PowerConfig.Watchdog config;
    private final Clock clock;
    private final Executor cycles;
    private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();

    /** Cycles done for one node since it was last seen alive, and when the next may happen. */
    public record Attempts(int count, Instant lastAt, Instant nextAt, boolean gaveUp, boolean cycling) {}

    public PowerWatchdog(PowerService power, NodeRegistry nodes, EventLog events, PowerConfig.Watchdog config, Clock clock, Executor cycles) {
        this.power = power;
        this.nodes = nodes;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.cycles = cycles;
    }

    public Optional<Attempts> attempts(String node) {
        return Optional.ofNullable(attempts.get(node));
    }

    /** Looks at every opted-in node once; run every {@code watchdog.checkEvery}. */
    public synchronized void check() {
        Instant now = clock.instant();
        for (PowerService.Outlet o : power.outlets()) {
            if (!o.config().watchdog()) continue;
            String name = o.config().node();
            Optional<Node> found = nodes.byName(name);
            // only a node the center switched on (or never switched) and that has enrolled can be judged silent
            if (found.isEmpty() || power.desiredState(name).orElse(PowerSwitch.State.ON) != PowerSwitch.State.ON) {
                attempts.remove(name);
                continue;
            }
            Node n = found.get();
            Attempts a = attempts.get(name);
            Instant since = latest(n.lastSeen(), power.desiredSince(name).orElse(null));
            if (a != null && a.lastAt() != null && n.lastSeen() != null && n.lastSeen().isAfter(a.lastAt())) {
                // it came back after a cycle: start counting afresh
                events.append(n.id(), name, "power.watchdog_recovered", ACTOR, Map.of("cycles", a.count()));
                attempts.remove(name);
                a = null;
            }
            if (n.health() == Health.OFF || since == null) continue;
            Duration silent = Duration.between(since, now);
            if (silent.compareTo(config.after()) < 0) continue;
            if (a != null && (a.gaveUp() || a.cycling() || now.isBefore(a.nextAt()))) continue;
            int count = a == null ? 0 : a.count();
            if (count >= config.maxAttempts()) {
                attempts.put(name, new Attempts(count, a.lastAt(), a.nextAt(), true, false));
                log.warn("watchdog: {} still silent after {} power cycles; giving up and marking it failed", name, count);
                nodes.markFailed(name, ACTOR, "power.watchdog_gave_up", Map.of("cycles", count, "silentSeconds", silent.toSeconds()));
                continue;
            }
            int attempt = count + 1;
            Duration wait = config.backoff().multipliedBy(1L << Math.min(attempt - 1, 20));
            attempts.put(name, new Attempts(attempt, now, now.plus(wait), false, true));
            log.warn("watchdog: {} silent for {} s; power-cycling it (attempt {} of {})", name, silent.toSeconds(), attempt, config.maxAttempts());
            cycles.execute(() -> cycle(name, attempt, silent));
        }
    }

    private void cycle(String name, int attempt, Duration silent) {
        Map<String, Object> d = Map.of("attempt", attempt, "maxAttempts", config.maxAttempts(), "silentSeconds", silent.toSeconds());
        try {
            power.switchOutlet(name, false, ACTOR, "power.watchdog_cycle", d);
            try {
                Thread.sleep(power.config().cycleOffTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            power.switchOutlet(name, true, ACTOR, "power.watchdog_cycle", d);
        } catch (IOException | RuntimeException e) {
            log.warn("watchdog: cycling {} failed: {}", name, e.getMessage());
        } finally {
            // the outlet was switched on at clock time; the next check measures silence from the later of this and lastSeen
            attempts.computeIfPresent(name, (k, a) -> new Attempts(a.count(), clock.instant(), a.nextAt(), false, false));
        }
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }
}
