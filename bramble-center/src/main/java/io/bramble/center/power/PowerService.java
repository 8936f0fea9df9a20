package io.bramble.center.power;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.center.api.ApiException;
import io.bramble.center.audit.AuditLog;
import io.bramble.center.config.PowerConfig;
import io.bramble.center.events.EventLog;
import io.bramble.center.nodes.Node;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.center.store.Store;
import io.bramble.core.nodeset.NodeSet;

/**
 * Switches nodes' power through their outlets: on (staggered so a row of Pis does not all draw
 * inrush current at once), off and cycle, as jobs whose progress can be followed. Remembers what
 * each outlet was switched to and switches it back after a center restart; reads meters into a
 * time series; works out each PSU's budget.
 */
public final class PowerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PowerService.class);
    private static final int KEEP_JOBS = 100;

    public enum Action {
        ON, OFF, CYCLE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An outlet from center.yaml and the driver that switches it. */
    public record Outlet(PowerConfig.Outlet config, PowerSwitch power) {}

    private final PowerConfig config;
    private final Map<String, Outlet> outlets;
    private final NodeRegistry nodes;
    private final EventLog events;
    private final AuditLog audit;
    private final PowerRepository repo;
    private final PiModels models;
    private final Clock clock;
    private final AutoCloseable hardware;
    private final Map<String, PowerRepository.Stored> desired = new ConcurrentHashMap<>();
    private final Map<String, PowerSwitch.State> reported = new ConcurrentHashMap<>();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();
    private final Map<String, Latest> readings = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, PowerJob> jobs = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PowerJob> e) {
            return size() > KEEP_JOBS;
        }
    });
    private final AtomicLong jobIds = new AtomicLong();
    private final List<Thread> running = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile java.util.concurrent.ScheduledExecutorService scheduler;

    record Latest(PowerSwitch.Reading reading, Instant at) {}

    /** {@code hardware} is closed with the service (the Pi4J context behind gpio and clusterhat outlets). */
    public PowerService(PowerConfig config, Map<String, Outlet> outlets, NodeRegistry nodes, EventLog events, AuditLog audit,
                        Store store, Clock clock, AutoCloseable hardware) {
        this.hardware = hardware;
        this.config = config;
        this.outlets = new LinkedHashMap<>(outlets);
        this.nodes = nodes;
        this.events = events;
        this.audit = audit;
        this.repo = new PowerRepository(store);
        this.models = new PiModels(config.models());
        this.clock = clock;
        desired.putAll(repo.states());
        jobIds.set(clock.millis());
    }

    /** Builds every outlet center.yaml lists with its driver. */
    public static Map<String, Outlet> outlets(PowerConfig config, Pi4jHardware hardware) {
        PowerSwitches factory = new PowerSwitches(config.timeout(), hardware);
        PiModels models = new PiModels(config.models());
        Map<String, Outlet> m = new LinkedHashMap<>();
        for (PowerConfig.Outlet o : config.outlets())
            m.put(o.node(), new Outlet(o, factory.create(o, models.of(o.model()).maxWatts() * 0.6)));
        return m;
    }

    public PowerConfig config() {
        return config;
    }

    public Optional<Outlet> outlet(String node) {
        return Optional.ofNullable(outlets.get(node));
    }

    public Collection<Outlet> outlets() {
        return outlets.values();
    }

    /** The state the outlet was last switched to by the center, if ever. */
    public Optional<PowerSwitch.State> desiredState(String node) {
        return Optional.ofNullable(desired.get(node)).map(PowerRepository.Stored::state);
    }

    Optional<Instant> desiredSince(String node) {
        return Optional.ofNullable(desired.get(node)).map(PowerRepository.Stored::changedAt);
    }

    // ---- jobs -------------------------------------------------------------------------------

    /** Expands a node set (roles as {@code @groups}) to the nodes it names; every one must have an outlet. */
    public List<String> resolve(String expression) {
        List<String> names = List.copyOf(NodeSet.expand(expression, this::group));
        if (names.isEmpty()) throw ApiException.badRequest("node set '" + expression + "' names no nodes");
        List<String> missing = names.stream().filter(n -> !outlets.containsKey(n)).toList();
        if (!missing.isEmpty())
            throw new ApiException(409, "no_outlet", "no outlet switches " + String.join(", ", missing.subList(0, Math.min(20, missing.size())))
                    + (missing.size() > 20 ? " and " + (missing.size() - 20) + " more" : "")
                    + "; bind each node to an outlet in center.yaml power.outlets (see docs/power.md)");
        return names;
    }

    Collection<String> group(String role) {
        return nodes.list().stream().filter(n -> n.roles().contains(role)).map(Node::name).toList();
    }

    /** Starts switching the nodes of a set; the job runs in the background and can be followed with {@link #job}. */
    public PowerJob start(Action action, String expression, String actor) {
        List<String> names = resolve(expression);
        PowerJob job = new PowerJob(Long.toString(jobIds.incrementAndGet(), 36), action, expression, actor, names, clock.instant());
        jobs.put(job.id(), job);
        audit.record(actor, "power." + action.wire(), "nodes:" + expression, Map.of("nodes", names, "job", job.id()));
        runInBackground("power " + action.wire() + " " + job.id(), () -> run(job));
        return job;
    }

    public Optional<PowerJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public List<PowerJob> jobs() {
        synchronized (jobs) {
            return List.copyOf(jobs.values()).reversed();
        }
    }

    private void runInBackground(String name, Runnable r) {
        if (closed) throw new ApiException(503, "stopping", "the center is stopping; try again when it is back");
        Thread t = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("{} failed", name, e);
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        running.add(t);
        t.start();
    }

    /** Runs a job to the end; cycle switches every node off first, waits once, then switches them on staggered. */
    void run(PowerJob job) {
        List<String> names = job.nodes();
        switch (job.action()) {
            case OFF -> names.forEach(n -> step(job, n, Action.OFF));
            case ON -> staggered(job, names, Action.ON);
            case CYCLE -> {
                List<String> wereOff = names.stream().filter(n -> step(job, n, Action.OFF)).toList();
                if (!wereOff.isEmpty()) pause(config.cycleOffTime());
                staggered(job, wereOff, Action.ON);
            }
        }
        job.finish(clock.instant());
        log.info("power {} of {} finished: {} done, {} failed", job.action().wire(), job.expression(), job.done(), job.failed());
    }

    private void staggered(PowerJob job, List<String> names, Action action) {
        for (int i = 0; i < names.size() && !closed; i++) {
            if (i > 0) pause(config.staggerOn());
            step(job, names.get(i), action);
        }
    }

    private void pause(Duration d) {
        if (d.isZero()) return;
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Switches one node's outlet; returns whether it worked. For a cycle, each half is its own step. */
    private boolean step(PowerJob job, String node, Action action) {
        boolean cycleHalf = job.action() == Action.CYCLE;
        try {
            switchOutlet(node, action == Action.ON, job.actor(), cycleHalf ? "power.cycle" : null,
                    Map.of("job", job.id(), "step", action.wire()));
            if (!cycleHalf || action == Action.ON) job.record(node, true, null, clock.instant());
            return true;
        } catch (IOException | RuntimeException e) {
            job.record(node, false, e.getMessage(), clock.instant());
            return false;
        }
    }

    /**
     * Switches one outlet and records it: the desired state in the store, the node's health
     * (off on purpose, or waiting for its first heartbeat) and an event. Failures are events too.
     */
    public void switchOutlet(String node, boolean on, String actor, String eventType, Map<String, ?> detail) throws IOException {
        Outlet o = outlets.get(node);
        if (o == null) throw new IllegalArgumentException("no outlet switches " + node);
        String type = eventType != null ? eventType : on ? "power.on" : "power.off";
        Map<String, Object> d = new LinkedHashMap<>(detail);
        d.put("driver", o.power().driver());
        d.put("state", on ? "on" : "off");
        synchronized (locks.computeIfAbsent(node, k -> new Object())) {
            try {
                if (on) o.power().on();
                else o.power().off();
            } catch (IOException | RuntimeException e) {
                lastError.put(node, e.getMessage());
                Map<String, Object> fd = new LinkedHashMap<>(d);
                fd.put("error", String.valueOf(e.getMessage()));
                Optional<Node> n = nodes.byName(node);
                events.append(n.map(Node::id).orElse(null), node, "power.failed", actor, fd);
                log.warn("switching {} {} failed: {}", node, on ? "on" : "off", e.getMessage());
                throw e;
            }
            PowerSwitch.State state = on ? PowerSwitch.State.ON : PowerSwitch.State.OFF;
            Instant now = clock.instant();
            repo.saveState(node, state, now, actor);
            desired.put(node, new PowerRepository.Stored(node, state, now, actor));
            reported.put(node, state);
            lastError.remove(node);
            if (!on) readings.computeIfPresent(node, (k, v) -> new Latest(new PowerSwitch.Reading(0.0, v.reading().energyWh(), null, 0.0), now));
            Optional<Node> changed = on ? nodes.markPoweredOn(node, actor, type, d) : nodes.markPoweredOff(node, actor, type, d);
            // a node that never enrolled has no health to change, but its switching still belongs in the timeline
            if (changed.isEmpty()) events.append(null, node, type, actor, d);
        }
    }

    /**
     * After a center restart, switches each outlet back to the state it was last switched to
     * (power.restoreOnStart); power-on is staggered like any other.
     */
    public void restore() {
        if (!config.restoreOnStart()) return;
        List<String> off = new ArrayList<>();
        List<String> on = new ArrayList<>();
        for (String node : outlets.keySet()) {
            PowerRepository.Stored s = desired.get(node);
            if (s == null) continue;
            (s.state() == PowerSwitch.State.OFF ? off : on).add(node);
        }
        if (off.isEmpty() && on.isEmpty()) return;
        runInBackground("power restore", () -> {
            Map<String, Object> d = Map.of("restored", true);
            for (String n : off) tryRestore(n, false, d);
            for (int i = 0; i < on.size() && !closed; i++) {
                if (i > 0) pause(config.staggerOn());
                tryRestore(on.get(i), true, d);
            }
            log.info("power restored after start: {} on, {} off", on.size(), off.size());
        });
    }

    private void tryRestore(String node, boolean on, Map<String, Object> d) {
        try {
            switchOutlet(node, on, "center", on ? "power.on" : "power.off", d);
        } catch (IOException | RuntimeException e) {
            // already an event; the next restart or an operator tries again
        }
    }

    // ---- readings and budget ----------------------------------------------------------------

    /** Asks every outlet for its state and meter reading at once, and stores the readings. */
    public void refresh() {
        Map<String, PowerSwitch.Reading> got = new ConcurrentHashMap<>();
        Instant now = clock.instant();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (var e : outlets.entrySet()) {
                pool.submit(() -> {
                    String node = e.getKey();
                    try {
                        reported.put(node, e.getValue().power().status());
                        e.getValue().power().read().ifPresent(r -> got.put(node, r));
                        lastError.remove(node);
                    } catch (IOException | RuntimeException ex) {
                        reported.put(node, PowerSwitch.State.UNKNOWN);
                        lastError.put(node, String.valueOf(ex.getMessage()));
                    }
                });
            }
        }
        got.forEach((n, r) -> readings.put(n, new Latest(r, now)));
        repo.insertReadings(got, now);
    }

    /** Drops readings older than {@code keep}. */
    public int expire(Duration keep) {
        return repo.expire(clock.instant().minus(keep));
    }

    public List<PowerRepository.Point> readings(String node, Instant from, Instant to, int limit) {
        return repo.readings(node, from, to, limit);
    }

    /** The metered draw of one rack row over time, in buckets of at least {@code readEvery} (about 500 points). */
    public List<PowerRepository.RowPoint> rowReadings(String rack, int row, Instant from, Instant to) {
        List<String> names = nodes.list().stream()
                .filter(n -> rack.equals(n.location().rack()) && Integer.valueOf(row).equals(n.location().row()))
                .map(io.bramble.center.nodes.Node::name).toList();
        long bucket = Math.max(config.readEvery().toMillis(), Duration.between(from, to).toMillis() / 500);
        return repo.rowReadings(names, from, to, bucket);
    }

    /** One outlet as the API shows it. */
    public record OutletView(String node, String driver, String state, String reported, Instant changedAt, String changedBy,
                             boolean watchdog, String model, double maxWatts, Double watts, Double energyWh, Double volts,
                             Double amps, Instant readAt, String error) {}

    /** Everything GET /api/v1/power shows. */
    public record View(List<OutletView> outlets, List<PowerBudget.PsuBudget> psus, List<String> warnings, double estimatedWatts,
                       Double measuredWatts) {}

    public View view() {
        List<OutletView> out = new ArrayList<>();
        double measured = 0;
        int metered = 0;
        double estimated = 0;
        for (Outlet o : outlets.values()) {
            String node = o.config().node();
            PiModels.Model m = model(node);
            PowerRepository.Stored s = desired.get(node);
            Latest l = readings.get(node);
            PowerSwitch.Reading r = l == null ? null : l.reading();
            PowerSwitch.State rep = reported.get(node);
            out.add(new OutletView(node, o.power().driver(), s == null ? "unknown" : s.state().wire(), rep == null ? "unknown" : rep.wire(),
                    s == null ? null : s.changedAt(), s == null ? null : s.actor(), o.config().watchdog(), m.key(), m.maxWatts(),
                    r == null ? null : r.watts(), r == null ? null : r.energyWh(), r == null ? null : r.volts(), r == null ? null : r.amps(),
                    l == null ? null : l.at(), lastError.get(node)));
            estimated += m.maxWatts();
            if (r != null && r.watts() != null) {
                measured += r.watts();
                metered++;
            }
        }
        List<PowerBudget.PsuBudget> psus = PowerBudget.compute(config.psus(), fed(), this::group);
        List<String> warnings = psus.stream().map(PowerBudget.PsuBudget::warning).filter(java.util.Objects::nonNull).toList();
        return new View(out, psus, warnings, Math.round(estimated * 10) / 10.0, metered == 0 ? null : Math.round(measured * 10) / 10.0);
    }

    private PiModels.Model model(String node) {
        Outlet o = outlets.get(node);
        if (o != null && o.config().model() != null) return models.of(o.config().model());
        return models.of(nodes.byName(node).map(n -> n.facts().model()).orElse(null));
    }

    private List<PowerBudget.Fed> fed() {
        Map<String, PowerBudget.Fed> all = new LinkedHashMap<>();
        for (Node n : nodes.list()) {
            PiModels.Model m = model(n.name());
            Latest l = readings.get(n.name());
            all.put(n.name(), new PowerBudget.Fed(n.name(), n.location().placed() ? n.location().rack() : null,
                    n.location().placed() ? n.location().row() : null, m.key(), m.maxWatts(), l == null ? null : l.reading().watts()));
        }
        for (String node : outlets.keySet()) {
            if (all.containsKey(node)) continue;
            PiModels.Model m = model(node);
            Latest l = readings.get(node);
            all.put(node, new PowerBudget.Fed(node, null, null, m.key(), m.maxWatts(), l == null ? null : l.reading().watts()));
        }
        return List.copyOf(all.values());
    }

    /**
     * Starts the background work on its own thread, so a slow device never delays health checks:
     * meter readings every {@code readEvery} (kept for {@code keep}) and {@code watchdogCheck} every
     * {@code watchdog.checkEvery}. Nothing runs when no outlet is configured.
     */
    public void schedule(Runnable watchdogCheck, Duration keep) {
        if (outlets.isEmpty()) return;
        var s = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("power-jobs").factory());
        scheduler = s;
        long read = config.readEvery().toMillis();
        s.scheduleWithFixedDelay(guard("power readings", () -> {
            refresh();
            expire(keep);
        }), 0, read, java.util.concurrent.TimeUnit.MILLISECONDS);
        long wd = config.watchdog().checkEvery().toMillis();
        s.scheduleWithFixedDelay(guard("power watchdog", watchdogCheck), wd, wd, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static Runnable guard(String what, Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("{} failed: {}", what, e.toString());
            }
        };
    }

    @Override
    public void close() {
        closed = true;
        var s = scheduler;
        if (s != null) s.shutdownNow();
        for (Thread t : running) t.interrupt();
        for (Thread t : running) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            hardware.close();
        } catch (Exception e) {
            log.warn("closing power hardware: {}", e.toString());
        }
    }
}
