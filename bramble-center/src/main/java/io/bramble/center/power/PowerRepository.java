package io.bramble.center.power;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bramble.center.store.Store;

/** SQL for power state and meter readings; the only class that knows the power tables. */
final class PowerRepository {
    private final Store store;

    PowerRepository(Store store) {
        this.store = store;
    }

    record Stored(String node, PowerSwitch.State state, Instant changedAt, String actor) {}

    /** One stored meter reading. */
    public record Point(Instant at, Double watts, Double energyWh, Double volts, Double amps) {}

    Map<String, Stored> states() {
        Map<String, Stored> m = new HashMap<>();
        store.jdbi().useHandle(h -> h.createQuery("SELECT node, state, changed_at, actor FROM power_state")
                .map((rs, c) -> new Stored(rs.getString("node"), PowerSwitch.State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
                        Instant.ofEpochMilli(rs.getLong("changed_at")), rs.getString("actor")))
                .forEach(s -> m.put(s.node(), s)));
        return m;
    }

    void saveState(String node, PowerSwitch.State state, Instant at, String actor) {
        store.writer().run(h -> {
            int n = h.createUpdate("UPDATE power_state SET state = :s, changed_at = :at, actor = :a WHERE node = :n")
                    .bind("s", state.wire()).bind("at", at.toEpochMilli()).bind("a", actor).bind("n", node).execute();
            if (n == 0)
                h.createUpdate("INSERT INTO power_state (node, state, changed_at, actor) VALUES (:n, :s, :at, :a)")
                        .bind("s", state.wire()).bind("at", at.toEpochMilli()).bind("a", actor).bind("n", node).execute();
        });
    }

    void insertReadings(Map<String, PowerSwitch.Reading> readings, Instant at) {
        if (readings.isEmpty()) return;
        store.writer().run(h -> {
            var batch = h.prepareBatch("INSERT INTO power_readings (node, at, watts, energy_wh, volts, amps) "
                    + "VALUES (:n, :at, :w, :e, :v, :a) ON CONFLICT (node, at) DO NOTHING");
            for (var r : readings.entrySet())
                batch.bind("n", r.getKey()).bind("at", at.toEpochMilli()).bind("w", r.getValue().watts()).bind("e", r.getValue().energyWh())
                        .bind("v", r.getValue().volts()).bind("a", r.getValue().amps()).add();
            batch.execute();
        });
    }

    List<Point> readings(String node, Instant from, Instant to, int limit) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT at, watts, energy_wh, volts, amps FROM power_readings "
                        + "WHERE node = :n AND at >= :from AND at <= :to ORDER BY at LIMIT :limit")
                .bind("n", node).bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli()).bind("limit", limit)
                .map((rs, c) -> new Point(Instant.ofEpochMilli(rs.getLong("at")), dbl(rs, "watts"), dbl(rs, "energy_wh"),
                        dbl(rs, "volts"), dbl(rs, "amps")))
                .list());
    }

    /** One point of a row's draw: the sum over its nodes of each node's average in the bucket. */
    public record RowPoint(Instant at, double watts, int nodes) {}

    List<RowPoint> rowReadings(List<String> nodes, Instant from, Instant to, long bucketMillis) {
        if (nodes.isEmpty()) return List.of();
        // average per node first, so a node read twice in a bucket is not counted twice
        return store.jdbi().withHandle(h -> h.createQuery("SELECT t, SUM(w) AS watts, COUNT(*) AS n FROM (SELECT node, (at / :b) * :b AS t, "
                        + "AVG(watts) AS w FROM power_readings WHERE node IN (<nodes>) AND at >= :from AND at <= :to AND watts IS NOT NULL "
                        + "GROUP BY node, (at / :b) * :b) per_node GROUP BY t ORDER BY t")
                .bindList("nodes", nodes).bind("b", bucketMillis).bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                .map((rs, c) -> new RowPoint(Instant.ofEpochMilli(rs.getLong("t")), rs.getDouble("watts"), rs.getInt("n")))
                .list());
    }

    int expire(Instant before) {
        return store.jdbi().withHandle(h -> h.createUpdate("DELETE FROM power_readings WHERE at < :b").bind("b", before.toEpochMilli()).execute());
    }

    private static Double dbl(java.sql.ResultSet rs, String col) throws java.sql.SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }
}
