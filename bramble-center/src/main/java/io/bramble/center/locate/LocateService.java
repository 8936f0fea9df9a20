package io.bramble.center.locate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.center.audit.AuditLog;
import io.bramble.center.commands.Command;
import io.bramble.center.commands.CommandService;
import io.bramble.center.commands.CommandTypes;
import io.bramble.center.events.EventLog;
import io.bramble.center.nodes.Node;
import io.bramble.center.nodes.NodeRegistry;

/**
 * Finding a Pi, both ways. From the UI, API or CLI: the node is marked located for N seconds (every
 * dashboard highlights it) and its agent gets a {@code locate} command to blink its LED. From the
 * Pi: a press of its button (the agent's {@code locate.pressed} event) marks it located until
 * someone clears it or the button is pressed again.
 */
public final class LocateService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocateService.class);
    public static final String PRESSED = "locate.pressed";

    private final NodeRegistry nodes;
    private final CommandService commands;
    private final AuditLog audit;
    private final Clock clock;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    /** Presses are handled off the thread that stored them, in the order they came. */
    private final ExecutorService presses = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("locate-presses").factory());

    /** A node's located state changed: what the live stream sends as a {@code locate} event. */
    public record Change(String node, boolean located, Instant until, String by, String reason) {}

    /** The answer to a locate request: the node as it is now and the command sent to blink it (null when none). */
    public record Result(Node node, Command command) {}

    public LocateService(NodeRegistry nodes, CommandService commands, EventLog events, AuditLog audit, Clock clock) {
        this.nodes = nodes;
        this.commands = commands;
        this.audit = audit;
        this.clock = clock;
        events.addListener(e -> {
            if (PRESSED.equals(e.type()) && e.nodeId() != null && e.actor().startsWith("node:")) {
                String nodeId = e.nodeId();
                try {
                    presses.execute(() -> pressed(nodeId));
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    log.info("locate button of node {} pressed while the center stops; not handled", e.node());
                }
            }
        });
    }

    public void addListener(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** Highlights the node for {@code seconds} and tells its agent to blink for as long. */
    public Result locate(Node node, int seconds, String actor) {
        if (seconds < 1 || seconds > 86_400)
            throw new IllegalArgumentException("seconds must be from 1 to 86400 (a day) (got " + seconds + ")");
        CommandTypes.Checked checked = CommandTypes.check("locate", Map.of("action", "on", "seconds", seconds), null, node.simulated());
        Instant until = clock.instant().plusSeconds(seconds);
        Node n = nodes.setLocated(node.id(), until, actor, Map.of("seconds", seconds, "reason", "asked by " + actor));
        audit.record(actor, "node.locate", "node:" + n.name(), Map.of("seconds", seconds));
        Command c = commands.enqueue(n, checked, actor, false);
        publish(new Change(n.name(), true, until, actor, "locate for " + seconds + " s"));
        return new Result(n, c);
    }

    /** Clears the highlight and tells the agent to stop blinking. */
    public Result clear(Node node, String actor) {
        Node n = nodes.setLocated(node.id(), null, actor, Map.of("reason", "cleared by " + actor));
        audit.record(actor, "node.locate.clear", "node:" + n.name(), Map.of());
        Command c = commands.enqueue(n, CommandTypes.check("locate", Map.of("action", "off"), null, n.simulated()), actor, false);
        publish(new Change(n.name(), false, null, actor, "cleared"));
        return new Result(n, c);
    }

    /** The node's button: highlight it until cleared, or clear it when it is highlighted already. */
    private void pressed(String nodeId) {
        try {
            Node n = nodes.byId(nodeId).orElse(null);
            if (n == null) return;
            String actor = "node:" + n.name();
            if (n.located(clock.instant())) {
                boolean blinking = !NodeRegistry.LOCATED_UNTIL_CLEARED.equals(n.locatedUntil());
                Node cleared = nodes.setLocated(nodeId, null, actor, Map.of("reason", "button pressed again"));
                if (blinking) commands.enqueue(cleared, CommandTypes.check("locate", Map.of("action", "off"), null, n.simulated()), actor, false);
                publish(new Change(n.name(), false, null, actor, "button pressed again"));
            } else {
                nodes.setLocated(nodeId, NodeRegistry.LOCATED_UNTIL_CLEARED, actor, Map.of("reason", "button pressed"));
                publish(new Change(n.name(), true, null, actor, "button pressed"));
            }
        } catch (RuntimeException e) {
            log.error("could not handle the locate button of node {}: {}", nodeId, e.toString(), e);
        }
    }

    private void publish(Change c) {
        for (Consumer<Change> l : listeners) {
            try {
                l.accept(c);
            } catch (RuntimeException e) {
                log.warn("locate listener failed for {}: {}", c.node(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        presses.shutdown();
        try {
            presses.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
