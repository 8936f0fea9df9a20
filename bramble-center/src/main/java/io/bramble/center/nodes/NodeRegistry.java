package io.bramble.center.nodes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.center.audit.AuditLog;
import io.bramble.center.auth.AuthService;
import io.bramble.center.auth.Principal;
import io.bramble.center.auth.Role;
import io.bramble.center.auth.Secrets;
import io.bramble.center.config.CenterConfig;
import io.bramble.center.events.EventLog;
import io.bramble.center.store.GroupCommit;
import io.bramble.center.store.Store;
import io.bramble.core.wire.AgentEvent;
import io.bramble.core.wire.DesiredState;
import io.bramble.core.wire.EnrollRequest;
import io.bramble.core.wire.EnrollResponse;
import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;

/**
 * Knows every node: enrolls agents, takes heartbeats and events, works out health (up, degraded,
 * stale, down) and applies people's edits. Every change is written to the store before it is
 * acknowledged; the in-memory copy only saves reading the store on every heartbeat.
 */
public final class NodeRegistry {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    public static final String NODE_PREFIX = "bn";

    private final NodeRepository repo;
    private final AuthService auth;
    private final EventLog events;
    private final AuditLog audit;
    private final Secrets secrets;
    private final Clock clock;
    private final CenterConfig config;
    private final Map<String, Node> byId = new ConcurrentHashMap<>();
    /** Indexes over {@link #byId}, kept by {@link #put}: name to id, and serial key (see {@link #serialKey}) to ids. */
    private final Map<String, String> idByName = new ConcurrentHashMap<>();
    private final Map<String, java.util.Set<String>> idsBySerialKey = new ConcurrentHashMap<>();
    private final Map<String, String> credentialHashes = new ConcurrentHashMap<>();
    private final Map<String, io.bramble.core.wire.BoardState> boards = new ConcurrentHashMap<>();
    private final List<Consumer<Node>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<BoardChange>> boardListeners = new CopyOnWriteArrayList<>();
    private final Object writeLock = new Object();
    /** The store's writer ({@link Store#writer}): heartbeats and people's changes go through the same batches. */
    private final GroupCommit writer;
    /** How often a heartbeat rewrites its node's row when nothing but the sample changed. */
    static final Duration ROW_WRITE_EVERY = Duration.ofSeconds(30);
    /** Per node, the last_seen its row holds (epoch ms), so a heartbeat knows whether the row lags. */
    private final Map<String, Long> rowSeenMillis = new ConcurrentHashMap<>();
    private final Instant startedAt;

    public NodeRegistry(Store store, AuthService auth, EventLog events, AuditLog audit, Secrets secrets, Clock clock, CenterConfig config) {
        this.repo = new NodeRepository(store);
        this.auth = auth;
        this.events = events;
        this.audit = audit;
        this.secrets = secrets;
        this.clock = clock;
        this.config = config;
        for (Node n : repo.all()) {
            putAsIs(n);
            if (n.lastSeen() != null) rowSeenMillis.put(n.id(), n.lastSeen().toEpochMilli());
        }
        this.startedAt = clock.instant();
        this.writer = store.writer();
    }

    /** Writes the rows whose last-seen state lags memory; called when the center stops, before the store closes. */
    public void close() {
        writeLaggingRows();
    }

    /** Listeners hear of every changed node after the change is stored (the live dashboard stream). */
    public void addListener(Consumer<Node> listener) {
        listeners.add(listener);
    }

    private void changed(Node n) {
        for (Consumer<Node> l : listeners) {
            try {
                l.accept(n);
            } catch (RuntimeException e) {
                log.warn("node listener failed for {}: {}", n.name(), e.toString());
            }
        }
    }

    public List<Node> list() {
        List<Node> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(Node::name));
        return all;
    }

    public Optional<Node> byName(String name) {
        String id = name == null ? null : idByName.get(name);
        Node n = id == null ? null : byId.get(id);
        return n != null && n.name().equals(name) ? Optional.of(n) : Optional.empty();
    }

    /**
     * Stores {@code n} in memory and keeps the name and serial indexes with it (enrolling 10,000 nodes scanned every node
     * for a serial and a free name each time: minutes). Callers hold {@link #writeLock}, or are the constructor; a
     * heartbeat's or health check's in-place update never changes a name or serial, so it need not come here.
     */
    private Node put(Node n) {
        return store(n, true, false);
    }

    /**
     * Stores a change a person or the center made under {@link #writeLock} to a node read under it. Heartbeats update
     * a node in place without the lock, and nothing else changes its sample, last-seen time, address or health while
     * the lock is held, so the node as stored now has the newest of those: they are kept, or a heartbeat that landed
     * after the caller read the node would be rolled back until the next one. The caller's health wins only when
     * {@code setsHealth} (power on and off). Returns the node as stored.
     */
    private Node put(Node n, boolean setsHealth) {
        return store(n, true, setsHealth);
    }

    /** Stores {@code n} as it is: a node loaded at start, or one that just enrolled (its check-in is the newest news). */
    private Node putAsIs(Node n) {
        return store(n, false, false);
    }

    private Node store(Node n, boolean keepHeartbeat, boolean setsHealth) {
        Node[] before = new Node[1];
        Node stored = byId.compute(n.id(), (id, cur) -> {
            before[0] = cur;
            return cur != null && keepHeartbeat
                    ? n.withHeartbeat(cur.latest(), cur.lastSeen(), cur.address(), setsHealth ? n.health() : cur.health()) : n;
        });
        Node old = before[0];
        if (old != null && !old.name().equals(n.name())) idByName.remove(old.name(), n.id());
        idByName.put(n.name(), n.id());
        String was = old == null ? null : serialKey(old.serial());
        String is = serialKey(n.serial());
        if (was != null && !was.equals(is)) {
            idsBySerialKey.computeIfPresent(was, (k, ids) -> {
                ids.remove(n.id());
                return ids.isEmpty() ? null : ids;
            });
        }
        if (is != null) idsBySerialKey.computeIfAbsent(is, k -> ConcurrentHashMap.newKeySet()).add(n.id());
        return stored;
    }

    /** Serials that {@link #sameBoard} may match share this key: the last 8 digits of a hex serial, else the serial. */
    static String serialKey(String serial) {
        if (serial == null) return null;
        String s = serial.toLowerCase(java.util.Locale.ROOT);
        return s.length() >= 8 && HEX.matcher(s).matches() ? s.substring(s.length() - 8) : s;
    }

    private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("[0-9a-f]+");

    public Optional<Node> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    // ---- agents ----------------------------------------------------------------------------

    /** Thrown when an agent's request is refused; carries the API error code. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String code;

        public Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        public int status() { return status; }

        public String code() { return code; }
    }

    /** Enrolls an agent with a join token; the same serial enrolling again gets a new credential. */
    public EnrollResponse enroll(EnrollRequest req, String address) {
        String refusal = auth.consumeJoinToken(req.joinToken());
        if (refusal != null) throw new Refused(401, "bad_join_token", refusal);
        String secret = secrets.newSecret();
        String hash = Secrets.sha256(secret);
        Instant now = clock.instant();
        Node node;
        boolean fresh;
        synchronized (writeLock) {
            Optional<Node> existing = bySerial(req.facts().serial());
            fresh = existing.isEmpty();
            if (existing.isPresent()) {
                Node e = existing.get();
                node = new Node(e.id(), e.name(), req.facts().serial(), req.facts(), req.facts().simulated(), e.roles(), e.labels(), e.location(),
                        afterEnroll(e.lifecycle()), Health.UP, address, e.enrolledAt(),
                        now, e.latest(), e.locatedUntil(), e.eventSeq());
                Node n = node;
                writer.run(h -> {
                    repo.update(h, n);
                    repo.updateCredential(h, n.id(), hash);
                    events.append(h, n.id(), n.name(), "node.reenrolled", "node:" + n.name(), now, Map.of("address", String.valueOf(address)));
                    if (n.lifecycle() != e.lifecycle())
                        events.append(h, n.id(), n.name(), "node.lifecycle", "node:" + n.name(), now,
                                Map.of("from", e.lifecycle().wire(), "to", n.lifecycle().wire(), "reason", "agent enrolled"));
                });
            } else {
                // the agent may ask for a name (agent.yaml "name"); otherwise the host name
                String name = uniqueName(suggestName(req.name() != null ? req.name() : req.facts().hostname()));
                node = new Node(secrets.newId(), name, req.facts().serial(), req.facts(), req.facts().simulated(), List.of(),
                        Map.of(), Location.NONE, Lifecycle.DEPLOYED, Health.UP, address, now, now, null, null, 0);
                Node n = node;
                writer.run(h -> {
                    repo.insert(h, n, hash);
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("serial", n.serial());
                    d.put("model", String.valueOf(n.facts().model()));
                    d.put("address", String.valueOf(address));
                    d.put("simulated", n.simulated());
                    events.append(h, n.id(), n.name(), "node.joined", "node:" + n.name(), now, d);
                });
            }
            node = putAsIs(node);
            credentialHashes.put(node.id(), hash);
        }
        log.info("node {} ({}) {} from {}", node.name(), node.serial(), fresh ? "enrolled" : "re-enrolled", address);
        changed(node);
        return new EnrollResponse(node.id(), node.name(), NODE_PREFIX + "_" + node.id() + "." + secret,
                (int) config.heartbeat().interval().toSeconds());
    }

    /**
     * The lifecycle after an agent enrolls: a Pi found by netboot (new, discovering) is now known and ready to be
     * assigned; a retired node that comes back is deployed; any other state stays (provisioning ends with the installer's report).
     */
    static Lifecycle afterEnroll(Lifecycle was) {
        return switch (was) {
            case NEW, DISCOVERING -> Lifecycle.READY;
            case RETIRED -> Lifecycle.DEPLOYED;
            default -> was;
        };
    }

    /** The node with this serial: the same text, or a Pi's 8-digit boot serial matching the end of its full serial. */
    public Optional<Node> bySerial(String serial) {
        java.util.Set<String> ids = idsBySerialKey.get(String.valueOf(serialKey(serial)));
        if (ids == null) return Optional.empty();
        return ids.stream().map(byId::get).filter(n -> n != null && sameBoard(n.serial(), serial)).findFirst();
    }

    /**
     * Whether two serials name the same board. A Pi's boot ROM asks TFTP for the last 8 hex digits of the serial that
     * /proc/cpuinfo (and so the agent) reports in full, e.g. {@code 3a5b9c01} and {@code 100000003a5b9c01}.
     */
    public static boolean sameBoard(String a, String b) {
        if (a == null || b == null) return false;
        String x = a.toLowerCase(java.util.Locale.ROOT);
        String y = b.toLowerCase(java.util.Locale.ROOT);
        if (x.equals(y)) return true;
        String shortOne = x.length() <= y.length() ? x : y;
        String longOne = shortOne == x ? y : x;
        return shortOne.matches("[0-9a-f]{8}") && longOne.matches("[0-9a-f]{9,}") && longOne.endsWith(shortOne);
    }

    /**
     * Creates a node in lifecycle {@code new} for a Pi seen only by its serial (netboot's auto-enlist), named
     * {@code pi-<last 8 of serial>}; returns the existing node when the serial is known already.
     */
    public Node enlist(String serial, String actor) {
        if (serial == null || !serial.matches("[0-9a-fA-F]{8,64}"))
            throw new IllegalArgumentException("serial must be 8 to 64 hex digits (got " + serial + ")");
        String s = serial.toLowerCase(java.util.Locale.ROOT);
        Node node;
        synchronized (writeLock) {
            Optional<Node> existing = bySerial(s);
            if (existing.isPresent()) return existing.get();
            Instant now = clock.instant();
            String name = uniqueName("pi-" + s.substring(s.length() - 8));
            NodeFacts facts = new NodeFacts(s, List.of(), name, null, null, null, null, null, null, null, null, false);
            node = new Node(secrets.newId(), name, s, facts, false, List.of(), Map.of(), Location.NONE, Lifecycle.NEW, Health.DOWN,
                    null, now, null, null, null, 0);
            Node n = node;
            writer.run(h -> {
                repo.insert(h, n, null);
                events.append(h, n.id(), n.name(), "node.enlisted", actor, now, Map.of("serial", s, "lifecycle", Lifecycle.NEW.wire()));
            });
            node = putAsIs(node);
        }
        audit.record(actor, "node.enlist", "node:" + node.name(), Map.of("serial", node.serial()));
        log.info("node {} ({}) enlisted by {}", node.name(), node.serial(), actor);
        changed(node);
        return node;
    }

    /**
     * Moves a node to another lifecycle state, with an event and an audit entry; {@code expected}, when not empty, are the
     * states it may move from (a {@link Refused} 409 otherwise). Returns the node as stored.
     */
    public Node setLifecycle(String nodeId, Lifecycle to, java.util.Set<Lifecycle> expected, String actor, Map<String, ?> detail) {
        Node updated;
        Lifecycle from;
        synchronized (writeLock) {
            Node n = byId.get(nodeId);
            if (n == null) throw new Refused(404, "not_found", "no node with id " + nodeId);
            from = n.lifecycle();
            if (!expected.isEmpty() && !expected.contains(from))
                throw new Refused(409, "wrong_lifecycle", "node " + n.name() + " is " + from.wire() + "; this needs it to be one of "
                        + expected.stream().map(Lifecycle::wire).sorted().toList());
            if (from == to) return n;
            updated = n.withLifecycle(to);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("from", from.wire());
            d.put("to", to.wire());
            d.putAll(detail);
            Node u = updated;
            writer.run(h -> {
                h.createUpdate("UPDATE nodes SET lifecycle = :l WHERE id = :id").bind("l", to.wire()).bind("id", nodeId).execute();
                events.append(h, u.id(), u.name(), "node.lifecycle", actor, clock.instant(), d);
            });
            updated = put(updated);
            audit.record(actor, "node.lifecycle", "node:" + u.name(), d);
        }
        log.info("node {} lifecycle {} -> {} by {}", updated.name(), from.wire(), to.wire(), actor);
        changed(updated);
        return updated;
    }

    /** The node a node credential stands for, or empty. */
    public Optional<Principal> authenticateNode(String bearer) {
        String[] parts = Secrets.split(bearer, NODE_PREFIX);
        if (parts == null) return Optional.empty();
        Node n = byId.get(parts[0]);
        if (n == null) return Optional.empty();
        String hash = credentialHashes.computeIfAbsent(n.id(), repo::credentialHash);
        if (!Secrets.matches(parts[1], hash)) return Optional.empty();
        return Optional.of(new Principal(Principal.Kind.NODE, n.name(), Role.VIEWER, n.id(), null));
    }

    /**
     * Stores a heartbeat's sample and answers with the state the node should show. Heartbeats are the
     * hot path (10,000 nodes every 5 s): no global lock, and committed in groups by {@link GroupCommit}.
     */
    public DesiredState heartbeat(String nodeId, Sample sample, String address) {
        PendingHeartbeat p = storeHeartbeat(nodeId, sample, address);
        try {
            p.committed().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
        return p.apply().get();
    }

    /**
     * {@link #heartbeat} without holding a thread while the write waits for its group commit: the future
     * completes once the sample is on disk, with the reply for the node; what follows the commit (memory,
     * listeners, the reply) runs on {@code after}, never on the store's writer thread.
     */
    public java.util.concurrent.CompletableFuture<DesiredState> heartbeatAsync(String nodeId, Sample sample, String address,
                                                                               java.util.concurrent.Executor after) {
        PendingHeartbeat p = storeHeartbeat(nodeId, sample, address);
        return p.committed().thenApplyAsync(done -> p.apply().get(), after);
    }

    /** A heartbeat queued for its group commit, and what to do once it is committed. */
    private record PendingHeartbeat(java.util.concurrent.CompletableFuture<Void> committed, java.util.function.Supplier<DesiredState> apply) {}

    /**
     * Queues a heartbeat's writes. The nodes row (last seen, latest sample) is rewritten only when health or
     * address changed, or every {@link #ROW_WRITE_EVERY}: the samples table already holds every sample, and
     * rewriting a ~1 kB row for every heartbeat doubled the pages each commit writes. Between those writes the
     * row's copy lags the memory's; {@link #close} writes it, and {@link #checkHealth} gives nodes time to check
     * in after a start.
     */
    private PendingHeartbeat storeHeartbeat(String nodeId, Sample sample, String address) {
        Instant now = clock.instant();
        Node before = byId.get(nodeId);
        if (before == null) throw new Refused(401, "unknown_node", "this node is not enrolled; enroll again with a join token");
        Health health = before.health() == Health.OFF ? Health.OFF : judge(sample);
        // what the node keeps is packed and shares what did not change (names, address) with the heartbeat before:
        // every node's latest state is copied by each young collection (see LatestSample)
        LatestSample latest = LatestSample.of(sample, before.latest());
        String addr = Objects.equals(before.address(), address) ? before.address() : address;
        Node snapshot = before.withHeartbeat(latest, now, addr, health);
        Long rowSeen = rowSeenMillis.get(nodeId);
        boolean writeRow = before.health() != health || !Objects.equals(before.address(), address) || rowSeen == null
                || now.toEpochMilli() - rowSeen >= ROW_WRITE_EVERY.toMillis();
        boolean throttlingChanged = (before.latest() != null && before.latest().throttlingNow()) != throttlingOn(sample);
        var committed = writer.submit(b -> {
            if (writeRow) repo.updateHeartbeat(b, snapshot);
            repo.insertSample(b, snapshot.id(), sample);
            if (before.health() != health)
                events.append(b.handle(), snapshot.id(), snapshot.name(), "node." + health.wire(), "center", now, reasons(sample, health));
            if (throttlingChanged) throttlingEvents(b.handle(), snapshot, before.lastSample(), sample, now);
        });
        return new PendingHeartbeat(committed, () -> {
            if (writeRow) rowSeenMillis.put(nodeId, now.toEpochMilli());
            // apply onto the current node, so an edit or a power change made meanwhile is kept: a heartbeat
            // never makes a node `off` (only power off does), and keeps it off only if it is off now
            Node updated = byId.computeIfPresent(nodeId, (id, current) -> current.withHeartbeat(latest, now, addr,
                    current.health() == Health.OFF ? Health.OFF : health == Health.OFF ? judge(sample) : health));
            if (updated == null) throw new Refused(401, "unknown_node", "this node was removed");
            changed(updated);
            return desired(updated);
        });
    }

    private static boolean throttlingOn(Sample s) {
        return s != null && s.throttled() != null && s.throttled().anyNow();
    }

    /** Writes the nodes rows whose last-seen copy lags memory (see {@link #storeHeartbeat}). */
    private void writeLaggingRows() {
        List<Node> lagging = byId.values().stream().filter(n -> n.lastSeen() != null
                && !Objects.equals(rowSeenMillis.get(n.id()), n.lastSeen().toEpochMilli())).toList();
        if (lagging.isEmpty()) return;
        try {
            writer.submit(b -> {
                for (Node n : lagging) repo.updateHeartbeat(b, n);
            }).join();
            log.info("wrote the last-seen state of {} nodes", lagging.size());
        } catch (RuntimeException e) {
            log.warn("could not write the last-seen state of {} nodes: {}", lagging.size(), e.toString());
        }
    }

    public DesiredState desired(Node n) {
        return new DesiredState(n.health().wire(), n.located(clock.instant()), (int) config.heartbeat().interval().toSeconds());
    }

    private void throttlingEvents(org.jdbi.v3.core.Handle h, Node n, Sample before, Sample now, Instant at) {
        Throttled was = before == null ? null : before.throttled();
        Throttled is = now.throttled();
        boolean wasOn = was != null && was.anyNow();
        boolean isOn = is != null && is.anyNow();
        if (isOn && !wasOn) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("underVoltage", is.underVoltage());
            d.put("freqCapped", is.freqCapped());
            d.put("throttled", is.throttled());
            d.put("softTempLimit", is.softTempLimit());
            events.append(h, n.id(), n.name(), "throttling.started", "center", at, d);
        } else if (wasOn && !isOn) {
            events.append(h, n.id(), n.name(), "throttling.stopped", "center", at, Map.of());
        }
    }

    /** Health from a fresh sample: degraded when throttled, under-voltage, hot or a disk is nearly full. */
    Health judge(Sample s) {
        return reasons(s, Health.DEGRADED).isEmpty() ? Health.UP : Health.DEGRADED;
    }

    private Map<String, Object> reasons(Sample s, Health h) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (h != Health.DEGRADED) return r;
        if (s.throttled() != null && s.throttled().underVoltage()) r.put("underVoltage", true);
        if (s.throttled() != null && (s.throttled().throttled() || s.throttled().freqCapped() || s.throttled().softTempLimit()))
            r.put("throttled", true);
        if (s.tempCelsius() != null && s.tempCelsius() >= config.health().hotCelsius()) r.put("tempCelsius", s.tempCelsius());
        for (var fs : s.filesystems())
            if (fs.totalBytes() > 0 && 100.0 * fs.usedBytes() / fs.totalBytes() >= config.health().diskFullPercent())
                r.put("diskFull", fs.mount());
        if (r.isEmpty() && s.diskTotalBytes() != null && s.diskUsedBytes() != null && s.diskTotalBytes() > 0
                && 100.0 * s.diskUsedBytes() / s.diskTotalBytes() >= config.health().diskFullPercent())
            r.put("diskFull", "total");
        return r;
    }

    /** Stores agent events in order, skipping any the center already has (resent after a lost reply). */
    public long events(String nodeId, List<AgentEvent> batch) {
        Node changedNode;
        synchronized (writeLock) {
            Node n = byId.get(nodeId);
            if (n == null) throw new Refused(401, "unknown_node", "this node is not enrolled; enroll again with a join token");
            long last = n.eventSeq();
            List<AgentEvent> fresh = batch.stream().filter(e -> e.seq() > n.eventSeq()).sorted(Comparator.comparingLong(AgentEvent::seq)).toList();
            if (fresh.isEmpty()) return last;
            long newLast = fresh.getLast().seq();
            Node updated = n.withEventSeq(newLast);
            writer.run(h -> {
                for (AgentEvent e : fresh)
                    events.append(h, n.id(), n.name(), e.type(), "node:" + n.name(), e.at(), e.detail());
                h.createUpdate("UPDATE nodes SET event_seq = :seq WHERE id = :id").bind("seq", newLast).bind("id", n.id()).execute();
            });
            updated = put(updated);
            changedNode = updated;
        }
        changed(changedNode);
        return changedNode.eventSeq();
    }

    // ---- health over time ------------------------------------------------------------------

    /** Marks nodes that stopped heartbeating stale, then down; run every health.checkEvery. */
    public void checkHealth() {
        Instant now = clock.instant();
        Duration stale = config.health().staleAfter();
        Duration down = config.health().downAfter();
        for (Node n : byId.values()) {
            if (n.health() == Health.OFF || n.lastSeen() == null) continue;
            // a center that just started cannot know how long a node was silent while it was down (and a row's last
            // seen may lag by ROW_WRITE_EVERY after a crash): every node gets staleAfter from the start to check in
            Duration silent = Duration.between(n.lastSeen().isBefore(startedAt) ? startedAt : n.lastSeen(), now);
            Health next = silent.compareTo(down) >= 0 ? Health.DOWN : silent.compareTo(stale) >= 0 ? Health.STALE : null;
            if (next == null || next == n.health()) continue;
            if (next == Health.STALE && n.health() == Health.DOWN) continue;
            Node updated;
            synchronized (writeLock) {
                Node current = byId.get(n.id());
                // a heartbeat arrived meanwhile: the node is not silent after all
                if (current == null || !Objects.equals(current.lastSeen(), n.lastSeen())) continue;
                // another check (the periodic one and an API call's) judged it meanwhile, with a later clock: a
                // "stale" decided before must not undo its "down", nor repeat what it did; nor may power off be undone
                Health is = current.health();
                if (is == next || is == Health.OFF || (next == Health.STALE && is == Health.DOWN)) continue;
                updated = current.withHealth(next);
                writer.run(h -> {
                    repo.updateHealth(h, n.id(), next);
                    events.append(h, n.id(), n.name(), "node." + next.wire(), "center", now,
                            Map.of("silentSeconds", silent.toSeconds()));
                });
                Node judged = updated;
                updated = byId.computeIfPresent(n.id(), (id, cur) -> Objects.equals(cur.lastSeen(), n.lastSeen()) ? judged : cur);
                if (updated != judged) continue; // a heartbeat won the race; it already set the health
            }
            log.info("node {} is {}: no heartbeat for {} s", n.name(), next.wire(), silent.toSeconds());
            changed(updated);
        }
    }

    /**
     * Records that a node's power was switched off on purpose: its health becomes {@code off}, which
     * health checks leave alone, and the event (e.g. {@code power.off}) goes in the timeline.
     */
    public Optional<Node> markPoweredOff(String name, String actor, String eventType, Map<String, ?> detail) {
        return setPower(name, Health.OFF, actor, eventType, detail);
    }

    /**
     * Records that a node's power is back on: it counts as down until its first heartbeat, which
     * judges its health again.
     */
    public Optional<Node> markPoweredOn(String name, String actor, String eventType, Map<String, ?> detail) {
        return setPower(name, Health.DOWN, actor, eventType, detail);
    }

    /** Marks a node failed (lifecycle), e.g. after the power watchdog gave up on it. */
    public Optional<Node> markFailed(String name, String actor, String eventType, Map<String, ?> detail) {
        Node updated;
        synchronized (writeLock) {
            Optional<Node> found = byName(name);
            if (found.isEmpty()) return found;
            Node n = found.get();
            updated = new Node(n.id(), n.name(), n.serial(), n.facts(), n.simulated(), n.roles(), n.labels(), n.location(),
                    Lifecycle.FAILED, n.health(), n.address(), n.enrolledAt(), n.lastSeen(), n.latest(), n.locatedUntil(), n.eventSeq());
            Node u = updated;
            writer.run(h -> {
                repo.updateAllButHeartbeat(h, u);
                events.append(h, u.id(), u.name(), eventType, actor, clock.instant(), detail);
            });
            updated = put(updated);
        }
        changed(updated);
        return Optional.of(updated);
    }

    private Optional<Node> setPower(String name, Health health, String actor, String eventType, Map<String, ?> detail) {
        Node updated;
        synchronized (writeLock) {
            Optional<Node> found = byName(name);
            if (found.isEmpty()) return found;
            Node n = found.get();
            // a node switched back on is deployed again, even if the watchdog had given up on it
            Node base = health != Health.OFF && n.lifecycle() == Lifecycle.FAILED
                    ? new Node(n.id(), n.name(), n.serial(), n.facts(), n.simulated(), n.roles(), n.labels(), n.location(), Lifecycle.DEPLOYED,
                    n.health(), n.address(), n.enrolledAt(), n.lastSeen(), n.latest(), n.locatedUntil(), n.eventSeq()) : n;
            updated = base.withHealth(health);
            Node u = updated;
            writer.run(h -> {
                repo.updateAllButHeartbeat(h, u);
                repo.updateHealth(h, u.id(), u.health());
                events.append(h, u.id(), u.name(), eventType, actor, clock.instant(), detail);
            });
            updated = put(updated, true);
        }
        log.info("node {} is {} ({} by {})", name, health.wire(), eventType, actor);
        changed(updated);
        return Optional.of(updated);
    }

    /** What a node's board reported with its last heartbeat (buttons, LEDs, fan), or null; kept in memory only. */
    public io.bramble.core.wire.BoardState board(String nodeId) {
        return boards.get(nodeId);
    }

    /** A node's board state changed: what the live stream sends as a {@code board} event. */
    public record BoardChange(String nodeId, String node, io.bramble.core.wire.BoardState board) {}

    public void addBoardListener(Consumer<BoardChange> listener) {
        boardListeners.add(listener);
    }

    /**
     * Keeps the board state a heartbeat carried and, when it differs from the one before, tells the board listeners
     * (so the stream carries a board only when it changed, not with every heartbeat).
     */
    public boolean recordBoard(String nodeId, io.bramble.core.wire.BoardState board) {
        Node n = byId.get(nodeId);
        if (board == null || n == null) return false;
        if (board.equals(boards.put(nodeId, board))) return false;
        for (Consumer<BoardChange> l : boardListeners) {
            try {
                l.accept(new BoardChange(nodeId, n.name(), board));
            } catch (RuntimeException e) {
                log.warn("board listener failed for {}: {}", n.name(), e.toString());
            }
        }
        return true;
    }

    /** A button press highlights a node until it is cleared or pressed again: stored as "located until the end of time". */
    public static final Instant LOCATED_UNTIL_CLEARED = Instant.ofEpochMilli(Long.MAX_VALUE);

    /**
     * Marks a node located until {@code until} (null clears it), with an event naming who did it and why. Returns the
     * node as stored; listeners (the live stream) hear of it like any other change.
     */
    public Node setLocated(String nodeId, Instant until, String actor, Map<String, ?> detail) {
        Node updated;
        synchronized (writeLock) {
            Node n = byId.get(nodeId);
            if (n == null) throw new Refused(404, "not_found", "no node with id " + nodeId);
            updated = n.withLocatedUntil(until);
            Node u = updated;
            Map<String, Object> d = new LinkedHashMap<>(detail);
            if (until != null && !until.equals(LOCATED_UNTIL_CLEARED)) d.put("until", until.toString());
            writer.run(h -> {
                h.createUpdate("UPDATE nodes SET located_until = :u WHERE id = :id")
                        .bind("u", until == null ? null : until.toEpochMilli()).bind("id", nodeId).execute();
                events.append(h, u.id(), u.name(), until == null ? "locate.cleared" : "locate.on", actor, clock.instant(), d);
            });
            updated = put(updated);
        }
        log.info("node {} {} by {}", updated.name(), until == null ? "no longer located" : "located", actor);
        changed(updated);
        return updated;
    }

    /** Folds raw samples into rollups and drops what is past retention; returns rows rolled, raw and rollups deleted. */
    public int[] rollup() {
        long now = clock.millis();
        return repo.rollupAndExpire(now, now - config.retention().raw().toMillis(), now - config.retention().rollups().toMillis());
    }

    // ---- people's edits --------------------------------------------------------------------

    /** A change to a node's name, roles, labels or location; null fields are left as they are. */
    public record Edit(String name, List<String> roles, Map<String, String> labels, Location location) {}

    public Node edit(String currentName, Edit edit, Principal actor) {
        Node updated;
        Map<String, Object> changes = new LinkedHashMap<>();
        synchronized (writeLock) {
            Node n = byName(currentName).orElseThrow(() -> new Refused(404, "not_found", "no node named " + currentName));
            String name = n.name();
            if (edit.name() != null && !edit.name().equals(n.name())) {
                if (!edit.name().matches(Node.NAME_PATTERN))
                    throw new IllegalArgumentException("name must be a host name: lower-case letters, digits and '-', 1 to 63 (got " + edit.name() + ")");
                if (byName(edit.name()).isPresent()) throw new Refused(409, "name_taken", "another node is already named " + edit.name());
                changes.put("name", Map.of("from", n.name(), "to", edit.name()));
                name = edit.name();
            }
            List<String> roles = n.roles();
            if (edit.roles() != null) {
                for (String r : edit.roles())
                    if (r == null || !r.matches("[a-z0-9][a-z0-9_-]{0,31}"))
                        throw new IllegalArgumentException("roles: each role is lower-case letters, digits, '_' or '-', at most 32 (got " + r + ")");
                roles = List.copyOf(new java.util.LinkedHashSet<>(edit.roles()));
                if (!roles.equals(n.roles())) changes.put("roles", roles);
            }
            Map<String, String> labels = n.labels();
            if (edit.labels() != null) {
                if (edit.labels().size() > 64) throw new IllegalArgumentException("labels: at most 64 per node");
                for (var e : edit.labels().entrySet()) {
                    if (!e.getKey().matches("[A-Za-z][A-Za-z0-9_.-]{0,63}"))
                        throw new IllegalArgumentException("labels: key '" + e.getKey() + "' must start with a letter and use letters, digits, '_', '.', '-' (at most 64)");
                    if (e.getValue() == null || e.getValue().length() > 256)
                        throw new IllegalArgumentException("labels: value of '" + e.getKey() + "' must be text of at most 256 characters");
                }
                labels = edit.labels();
                if (!labels.equals(n.labels())) changes.put("labels", labels);
            }
            Location location = n.location();
            if (edit.location() != null) {
                location = edit.location();
                checkLocation(location);
                if (location.placed()) {
                    Location l = location;
                    Optional<Node> other = byId.values().stream().filter(o -> !o.id().equals(n.id()) && l.equals(o.location())).findFirst();
                    if (other.isPresent())
                        throw new Refused(409, "slot_taken", "rack " + l.rack() + " row " + l.row() + " slot " + l.slot() + " already holds " + other.get().name());
                }
                if (!location.equals(n.location())) changes.put("location", location);
            }
            if (changes.isEmpty()) return n;
            updated = n.withEdits(name, roles, labels, location);
            Node u = updated;
            writer.run(h -> {
                repo.updateAllButHeartbeat(h, u);
                events.append(h, u.id(), u.name(), "node.edited", actor.actor(), clock.instant(), changes);
            });
            updated = put(updated);
        }
        audit.record(actor.actor(), "node.edit", "node:" + updated.name(), changes);
        changed(updated);
        return updated;
    }

    private void checkLocation(Location l) {
        if (!l.placed()) return;
        var rack = config.rack().racks().stream().filter(r -> r.name().equals(l.rack())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("location.rack: no rack named " + l.rack() + " in center.yaml (racks: "
                        + config.rack().racks().stream().map(CenterConfig.RackSpec::name).toList() + ")"));
        if (l.row() > rack.rows()) throw new IllegalArgumentException("location.row: rack " + rack.name() + " has " + rack.rows() + " rows (got " + l.row() + ")");
        if (l.slot() > rack.slots()) throw new IllegalArgumentException("location.slot: rack " + rack.name() + " has " + rack.slots() + " slots a row (got " + l.slot() + ")");
    }

    /** History of one node between two times; {@code rollups} reads the 1-minute table. */
    public List<NodeRepository.Point> samples(Node n, Instant from, Instant to, boolean rollups, int limit) {
        return repo.samples(n.id(), from.toEpochMilli(), to.toEpochMilli(), rollups, limit);
    }

    private static String suggestName(String hostname) {
        String s = hostname.toLowerCase(java.util.Locale.ROOT).replaceAll("\\..*$", "").replaceAll("[^a-z0-9-]", "-")
                .replaceAll("^-+|-+$", "");
        if (s.isEmpty()) s = "node";
        return s.length() > 56 ? s.substring(0, 56) : s;
    }

    private String uniqueName(String base) {
        if (byName(base).isEmpty()) return base;
        for (int i = 2; ; i++) if (byName(base + "-" + i).isEmpty()) return base + "-" + i;
    }
}
