package io.bramble.center.metrics;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.center.nodes.Node;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.core.wire.Sample;

/**
 * {@code GET /metrics}: every node's latest figures as Prometheus gauges labelled by node, rack,
 * row, slot and role, so Prometheus scrapes the whole rack from one place (with a bearer token).
 */
public final class PrometheusRoutes {
    private final NodeRegistry nodes;
    private final io.bramble.center.store.GroupCommit writer;
    private final Clock clock;

    public PrometheusRoutes(NodeRegistry nodes, io.bramble.center.store.GroupCommit writer, Clock clock) {
        this.nodes = nodes;
        this.writer = writer;
        this.clock = clock;
    }

    private record Gauge(String name, String help, Function<Sample, Number> value) {}

    private static final List<Gauge> GAUGES = List.of(
            new Gauge("bramble_node_load1", "1-minute load average", Sample::load1),
            new Gauge("bramble_node_load5", "5-minute load average", Sample::load5),
            new Gauge("bramble_node_load15", "15-minute load average", Sample::load15),
            new Gauge("bramble_node_cpu_percent", "CPU busy percent", Sample::cpuPercent),
            new Gauge("bramble_node_memory_total_bytes", "memory total", Sample::memTotalBytes),
            new Gauge("bramble_node_memory_available_bytes", "memory available", Sample::memAvailableBytes),
            new Gauge("bramble_node_disk_total_bytes", "size of real filesystems", Sample::diskTotalBytes),
            new Gauge("bramble_node_disk_used_bytes", "used on real filesystems", Sample::diskUsedBytes),
            new Gauge("bramble_node_network_receive_bytes", "bytes received (counter as reported)", Sample::netRxBytes),
            new Gauge("bramble_node_network_transmit_bytes", "bytes sent (counter as reported)", Sample::netTxBytes),
            new Gauge("bramble_node_uptime_seconds", "seconds since boot", Sample::uptimeSeconds),
            new Gauge("bramble_node_temperature_celsius", "SoC temperature", Sample::tempCelsius),
            new Gauge("bramble_node_power_watts", "board draw measured by its PMIC (Raspberry Pi 5)", Sample::powerWatts),
            new Gauge("bramble_node_under_voltage", "1 while under-voltage", s -> s.throttled() == null ? null : s.throttled().underVoltage() ? 1 : 0),
            new Gauge("bramble_node_throttled", "1 while throttled or frequency capped",
                    s -> s.throttled() == null ? null : s.throttled().throttled() || s.throttled().freqCapped() ? 1 : 0));

    public void register(Api api) {
        api.get("/metrics", Access.VIEWER, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(render()));
    }

    /** A gauge from what the nodes' boards last reported; nodes without the figure are left out. */
    private void board(StringBuilder sb, List<Node> all, String name, String help,
                       java.util.function.Function<io.bramble.core.wire.BoardState, Integer> value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n");
        for (Node n : all) {
            var b = nodes.board(n.id());
            Integer v = b == null ? null : value.apply(b);
            if (v != null) sb.append(name).append(labels(n)).append(' ').append(v).append('\n');
        }
    }

    /** The exposition text for all nodes. */
    public String render() {
        List<Node> all = nodes.list();
        StringBuilder sb = new StringBuilder(256 + all.size() * 1200);
        sb.append("# HELP bramble_node_up 1 when the node is up or degraded, 0 when stale, down or off\n# TYPE bramble_node_up gauge\n");
        for (Node n : all) {
            boolean up = switch (n.health()) { case UP, DEGRADED -> true; default -> false; };
            sb.append("bramble_node_up").append(labels(n)).append(' ').append(up ? 1 : 0).append('\n');
        }
        sb.append("# HELP bramble_node_last_seen_seconds Unix time of the last heartbeat\n# TYPE bramble_node_last_seen_seconds gauge\n");
        for (Node n : all)
            if (n.lastSeen() != null)
                sb.append("bramble_node_last_seen_seconds").append(labels(n)).append(' ').append(n.lastSeen().toEpochMilli() / 1000.0).append('\n');
        java.time.Instant now = clock.instant();
        sb.append("# HELP bramble_node_located 1 while the node is located (highlighted, its LED blinking)\n# TYPE bramble_node_located gauge\n");
        for (Node n : all)
            sb.append("bramble_node_located").append(labels(n)).append(' ').append(n.located(now) ? 1 : 0).append('\n');
        board(sb, all, "bramble_node_fan_percent", "duty the node's fan runs at", io.bramble.core.wire.BoardState::fanPercent);
        board(sb, all, "bramble_node_fan_rpm", "the node's fan speed from its tachometer", io.bramble.core.wire.BoardState::fanRpm);
        // unpacked once per node, not once per gauge (the node keeps its sample packed)
        List<io.bramble.core.wire.Sample> samples = new java.util.ArrayList<>(all.size());
        for (Node n : all) samples.add(n.lastSample());
        for (Gauge g : GAUGES) {
            sb.append("# HELP ").append(g.name()).append(' ').append(g.help()).append('\n');
            sb.append("# TYPE ").append(g.name()).append(" gauge\n");
            for (int i = 0; i < all.size(); i++) {
                Node n = all.get(i);
                io.bramble.core.wire.Sample sample = samples.get(i);
                if (sample == null) continue;
                Number v = g.value().apply(sample);
                if (v == null) continue; // a signal the node lacks is absent, not 0
                sb.append(g.name()).append(labels(n)).append(' ').append(v).append('\n');
            }
        }
        sb.append("# HELP bramble_nodes Number of nodes known to the center\n# TYPE bramble_nodes gauge\nbramble_nodes ")
                .append(all.size()).append('\n');
        // writes per commit is the store writer's batch size: near 1 means every write costs its own fsync
        var ingest = writer.stats();
        sb.append("# HELP bramble_store_group_commits_total Batches the store writer committed (one transaction and disk sync each)\n"
                + "# TYPE bramble_store_group_commits_total counter\nbramble_store_group_commits_total ").append(ingest.batches()).append('\n');
        sb.append("# HELP bramble_store_group_commit_writes_total Writes in those batches (heartbeats, and changes to nodes, commands, power and events)\n"
                + "# TYPE bramble_store_group_commit_writes_total counter\nbramble_store_group_commit_writes_total ").append(ingest.writes()).append('\n');
        sb.append("# HELP bramble_scrape_timestamp_seconds When this page was made\n# TYPE bramble_scrape_timestamp_seconds gauge\n")
                .append("bramble_scrape_timestamp_seconds ").append(clock.millis() / 1000.0).append('\n');
        return sb.toString();
    }

    private static String labels(Node n) {
        StringBuilder sb = new StringBuilder("{node=\"").append(escape(n.name())).append('"');
        sb.append(",state=\"").append(n.health().wire()).append('"');
        if (n.location().placed()) {
            sb.append(",rack=\"").append(escape(n.location().rack())).append('"');
            sb.append(",row=\"").append(n.location().row()).append('"');
            sb.append(",slot=\"").append(n.location().slot()).append('"');
        }
        if (!n.roles().isEmpty()) sb.append(",role=\"").append(escape(String.join(",", n.roles()))).append('"');
        if (n.simulated()) sb.append(",simulated=\"true\"");
        return sb.append('}').toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
