package io.bramble.center.commands;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.center.audit.AuditLog;
import io.bramble.center.auth.Secrets;
import io.bramble.center.events.EventLog;
import io.bramble.center.nodes.Node;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.center.store.Store;
import io.bramble.core.wire.AgentCommand;
import io.bramble.core.wire.CommandResult;

/**
 * The command channel's center side (DESIGN.md "Protocols"). A command is stored before it is
 * acknowledged to whoever asked for it, handed to the node's agent on its long-poll (again on every
 * poll until the agent reports a result: at least once), finished with the agent's result, or
 * expired when its TTL runs out first. The agent makes it at most once by keeping the ids it ran.
 * A long-poll of a node without open commands never touches the store.
 */
public final class CommandService {
    private static final Logger log = LoggerFactory.getLogger(CommandService.class);
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final Store store;
    private final CommandRepository repo;
    private final NodeRegistry nodes;
    private final EventLog events;
    private final AuditLog audit;
    private final Secrets secrets;
    private final Clock clock;
    private final Set<String> nodesWithOpen = ConcurrentHashMap.newKeySet();
    private final Object openLock = new Object();
    private final Map<String, CompletableFuture<Void>> wakeups = new ConcurrentHashMap<>();
    private final List<Consumer<Command>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public CommandService(Store store, NodeRegistry nodes, EventLog events, AuditLog audit, Secrets secrets, Clock clock) {
        this.store = store;
        this.repo = new CommandRepository(store);
        this.nodes = nodes;
        this.events = events;
        this.audit = audit;
        this.secrets = secrets;
        this.clock = clock;
        nodesWithOpen.addAll(repo.nodesWithOpen());
    }

    /** Listeners hear of every stored change of a command (the live stream, the node page). */
    public void addListener(Consumer<Command> listener) {
        listeners.add(listener);
    }

    /**
     * Queues a checked command for a node; it is on disk when this returns. {@code person} says whether a person
     * asked for it (then it is audited), as opposed to the center itself.
     */
    public Command enqueue(Node node, CommandTypes.Checked checked, String actor, boolean person) {
        Instant now = clock.instant();
        Command c = new Command(secrets.newId(), node.id(), node.name(), checked.type(), checked.args(), Command.Status.QUEUED, now, actor,
                now.plus(checked.ttl()), null, 0, null, null);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("command", c.id());
        detail.put("type", c.type());
        detail.putAll(c.args());
        store.writer().run(h -> {
            repo.insert(h, c);
            events.append(h, node.id(), node.name(), "command.queued", actor, now, detail);
        });
        if (person) audit.record(actor, "command." + c.type(), "node:" + node.name(), detail);
        synchronized (openLock) {
            nodesWithOpen.add(node.id());
        }
        CompletableFuture<Void> waiting = wakeups.remove(node.id());
        if (waiting != null) waiting.complete(null);
        log.info("command {} {} {} queued for {} by {}", c.id(), c.type(), c.args(), node.name(), actor);
        changed(c);
        return c;
    }

    /**
     * The agent's long-poll: the node's open commands, marked delivered, as soon as there are any, or an empty list
     * once {@code wait} has passed.
     */
    public List<AgentCommand> poll(String nodeId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(wait.toNanos(), MAX_WAIT.toNanos());
        while (!closed) {
            CompletableFuture<Void> signal = wakeups.computeIfAbsent(nodeId, k -> new CompletableFuture<>());
            if (closed) break; // close() may have run between the loop's check and the line above
            if (nodesWithOpen.contains(nodeId)) {
                List<Command> delivered = deliver(nodeId);
                if (!delivered.isEmpty())
                    return delivered.stream().map(c -> new AgentCommand(c.id(), c.type(), c.args(), c.expiresAt())).toList();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) return List.of();
            try {
                signal.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return List.of();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.of();
    }

    /** Ends every waiting long-poll with an empty answer (the center is stopping; agents poll the next one). */
    public void close() {
        closed = true;
        wakeups.values().forEach(f -> f.complete(null));
        wakeups.clear();
    }

    private List<Command> deliver(String nodeId) {
        Instant now = clock.instant();
        List<Command> open = store.writer().call(h -> {
            List<Command> found = repo.open(h, nodeId, now);
            for (Command c : found) repo.markDelivered(h, c.id(), now);
            return found;
        });
        List<Command> delivered = new ArrayList<>(open.size());
        String name = nodes.byId(nodeId).map(Node::name).orElse(null);
        for (Command c : open) {
            Command d = new Command(c.id(), c.nodeId(), name, c.type(), c.args(), Command.Status.DELIVERED, c.createdAt(), c.createdBy(),
                    c.expiresAt(), now, c.deliveries() + 1, null, null);
            delivered.add(d);
            changed(d);
        }
        return delivered;
    }

    /**
     * The agent's result for one of its commands. A repeated result changes nothing (the agent resends one whose
     * answer it did not get); a result after the TTL still records what happened on the node.
     */
    public Command result(String nodeId, String commandId, CommandResult result) {
        Command c = get(commandId).filter(x -> x.nodeId().equals(nodeId))
                .orElseThrow(() -> new NodeRegistry.Refused(404, "not_found", "no command " + commandId + " for this node"));
        if (c.status() == Command.Status.DONE || c.status() == Command.Status.FAILED) return c;
        Instant now = clock.instant();
        Command.Status status = result.ok() ? Command.Status.DONE : Command.Status.FAILED;
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("command", c.id());
        detail.put("type", c.type());
        detail.put("message", result.message());
        int updated = store.writer().call(h -> {
            int n = repo.finish(h, c.id(), status, now, result.message(), true);
            if (n == 1) events.append(h, c.nodeId(), c.node(), "command." + status.wire(), "node:" + c.node(), now, detail);
            return n;
        });
        Command after = get(commandId).orElseThrow();
        if (updated == 1) {
            log.info("command {} {} on {}: {} {}", c.id(), c.type(), c.node(), status.wire(), result.message());
            refreshOpen(nodeId);
            changed(after);
        }
        return after;
    }

    /** Expires open commands past their TTL; run every few seconds. Returns how many expired. */
    public int expire() {
        Instant now = clock.instant();
        List<Command> overdue = store.jdbi().withHandle(h -> repo.overdue(h, now));
        int n = 0;
        for (Command c : overdue) {
            String why = c.deliveries() == 0 ? "the node did not ask for it within its TTL (is its agent running?)"
                    : "delivered " + c.deliveries() + " time(s) but the node sent no result within its TTL";
            String name = nodes.byId(c.nodeId()).map(Node::name).orElse(null);
            boolean done = store.writer().call(h -> {
                if (repo.finish(h, c.id(), Command.Status.EXPIRED, now, why, false) != 1) return false;
                events.append(h, c.nodeId(), name, "command.expired", "center", now, Map.of("command", c.id(), "type", c.type(), "why", why));
                return true;
            });
            if (!done) continue;
            n++;
            log.info("command {} {} for {} expired: {}", c.id(), c.type(), name, why);
            refreshOpen(c.nodeId());
            get(c.id()).ifPresent(this::changed);
        }
        return n;
    }

    /** Drops finished commands created before {@code before} (the events keep their story). */
    public int forget(Instant before) {
        return repo.deleteFinishedBefore(before);
    }

    private void refreshOpen(String nodeId) {
        synchronized (openLock) {
            boolean any = store.jdbi().withHandle(h -> repo.anyOpen(h, nodeId));
            if (!any) nodesWithOpen.remove(nodeId);
        }
    }

    public Optional<Command> get(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{1,32}")) return Optional.empty();
        return Optional.ofNullable(store.jdbi().withHandle(h -> repo.get(h, id))).map(this::named);
    }

    /** A node's commands, newest first. */
    public List<Command> recent(Node node, int limit) {
        return repo.recent(node.id(), limit).stream().map(c -> c.withNode(node.name())).toList();
    }

    private Command named(Command c) {
        return c.withNode(nodes.byId(c.nodeId()).map(Node::name).orElse(null));
    }

    private void changed(Command c) {
        for (Consumer<Command> l : listeners) {
            try {
                l.accept(c);
            } catch (RuntimeException e) {
                log.warn("command listener failed for {}: {}", c.id(), e.toString());
            }
        }
    }
}
