package io.bramble.center.power;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One power action on a set of nodes, and how far it has got; what {@code bramble power} follows. */
public final class PowerJob {
    /** The outcome for one node. */
    public record Step(String node, boolean ok, String error, Instant at) {}

    private final String id;
    private final PowerService.Action action;
    private final String expression;
    private final String actor;
    private final List<String> nodes;
    private final Instant startedAt;
    private final List<Step> steps = new ArrayList<>();
    private Instant finishedAt;

    PowerJob(String id, PowerService.Action action, String expression, String actor, List<String> nodes, Instant startedAt) {
        this.id = id;
        this.action = action;
        this.expression = expression;
        this.actor = actor;
        this.nodes = List.copyOf(nodes);
        this.startedAt = startedAt;
    }

    public String id() { return id; }

    public PowerService.Action action() { return action; }

    public String expression() { return expression; }

    public String actor() { return actor; }

    public List<String> nodes() { return nodes; }

    synchronized void record(String node, boolean ok, String error, Instant at) {
        steps.add(new Step(node, ok, error, at));
    }

    synchronized void finish(Instant at) {
        finishedAt = at;
    }

    public synchronized long done() {
        return steps.stream().filter(Step::ok).count();
    }

    public synchronized long failed() {
        return steps.stream().filter(s -> !s.ok()).count();
    }

    /** The job as the API shows it. */
    public record View(String id, String action, String nodeSet, String actor, List<String> nodes, Instant startedAt, Instant finishedAt,
                       boolean finished, int total, long done, long failed, List<Step> steps) {}

    public synchronized View view() {
        return new View(id, action.wire(), expression, actor, nodes, startedAt, finishedAt, finishedAt != null, nodes.size(), done(), failed(),
                List.copyOf(steps));
    }
}
