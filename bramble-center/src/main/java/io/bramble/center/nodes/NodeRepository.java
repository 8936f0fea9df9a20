package io.bramble.center.nodes;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import io.bramble.center.store.GroupCommit;
import io.bramble.center.store.Store;
import io.bramble.core.json.Json;
import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for nodes and their samples; the only class that knows the nodes and samples tables. */
final class NodeRepository {
    private static final JsonMapper JSON = Json.mapper();
    private static final String COLUMNS = "id, name, serial, facts, simulated, roles, labels, rack, row_no, slot_no, lifecycle, "
            + "health, address, enrolled_at, last_seen, last_sample, located_until, event_seq";

    private final Store store;

    NodeRepository(Store store) {
        this.store = store;
    }

    List<Node> all() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM nodes").map((rs, c) -> read(rs)).list());
    }

    String credentialHash(String id) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT credential_hash FROM nodes WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse(null));
    }

    void insert(Handle h, Node n, String credentialHash) {
        h.createUpdate("INSERT INTO nodes (" + COLUMNS + ", credential_hash) VALUES (:id, :name, :serial, :facts, :simulated, :roles, "
                        + ":labels, :rack, :row, :slot, :lifecycle, :health, :address, :enrolled, :seen, :sample, :located, :seq, :cred)")
                .bindMap(params(n)).bind("cred", credentialHash).execute();
    }

    void update(Handle h, Node n) {
        h.createUpdate("UPDATE nodes SET name = :name, serial = :serial, facts = :facts, simulated = :simulated, roles = :roles, "
                        + "labels = :labels, rack = :rack, row_no = :row, slot_no = :slot, lifecycle = :lifecycle, health = :health, "
                        + "address = :address, last_seen = :seen, last_sample = :sample, located_until = :located, event_seq = :seq "
                        + "WHERE id = :id")
                .bindMap(params(n)).execute();
    }

    /**
     * What people and the center change (name, facts, roles, labels, location, lifecycle, located, event sequence),
     * leaving the columns heartbeats write (health, address, last seen, latest sample): a heartbeat committed
     * between reading the node and this update keeps them.
     */
    void updateAllButHeartbeat(Handle h, Node n) {
        h.createUpdate("UPDATE nodes SET name = :name, serial = :serial, facts = :facts, simulated = :simulated, roles = :roles, "
                        + "labels = :labels, rack = :rack, row_no = :row, slot_no = :slot, lifecycle = :lifecycle, "
                        + "located_until = :located, event_seq = :seq WHERE id = :id")
                .bindMap(params(n)).execute();
    }

    void updateCredential(Handle h, String id, String credentialHash) {
        h.createUpdate("UPDATE nodes SET credential_hash = :c WHERE id = :id").bind("c", credentialHash).bind("id", id).execute();
    }

    private static final String UPDATE_HEARTBEAT = "UPDATE nodes SET health = ?, address = ?, last_seen = ?, last_sample = ? WHERE id = ?";

    /** The heartbeat's view of the nodes row: health, address, last seen and the latest sample. */
    void updateHeartbeat(GroupCommit.Batch b, Node n) throws SQLException {
        PreparedStatement ps = b.statement(UPDATE_HEARTBEAT);
        ps.setString(1, n.health().wire());
        ps.setString(2, n.address());
        ps.setLong(3, n.lastSeen().toEpochMilli());
        ps.setString(4, n.lastSample() == null ? null : JSON.writeValueAsString(n.lastSample()));
        ps.setString(5, n.id());
        ps.executeUpdate();
    }

    void updateHealth(Handle h, String id, Health health) {
        h.createUpdate("UPDATE nodes SET health = :health WHERE id = :id").bind("health", health.wire()).bind("id", id).execute();
    }

    private static final String INSERT_SAMPLE = "INSERT INTO samples (node_id, at, load1, load5, load15, cpu_percent, mem_total_bytes, "
            + "mem_avail_bytes, disk_total_bytes, disk_used_bytes, net_rx_bytes, net_tx_bytes, temp_celsius, throttled_bits, power_watts) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id, at) DO NOTHING";

    /** Appends a heartbeat's sample; the hot path, so a plain prepared statement the group commit keeps. */
    void insertSample(GroupCommit.Batch b, String nodeId, Sample s) throws SQLException {
        PreparedStatement ps = b.statement(INSERT_SAMPLE);
        ps.setString(1, nodeId);
        ps.setLong(2, s.at().toEpochMilli());
        set(ps, 3, s.load1());
        set(ps, 4, s.load5());
        set(ps, 5, s.load15());
        set(ps, 6, s.cpuPercent());
        set(ps, 7, s.memTotalBytes());
        set(ps, 8, s.memAvailableBytes());
        set(ps, 9, s.diskTotalBytes());
        set(ps, 10, s.diskUsedBytes());
        set(ps, 11, s.netRxBytes());
        set(ps, 12, s.netTxBytes());
        set(ps, 13, s.tempCelsius());
        set(ps, 14, s.throttled() == null ? null : s.throttled().raw());
        set(ps, 15, s.powerWatts());
        ps.executeUpdate();
    }

    private static void set(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) ps.setNull(i, Types.DOUBLE);
        else ps.setDouble(i, v);
    }

    private static void set(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, v);
    }

    /** One point of a node's history (raw or a 1-minute rollup). */
    record Point(Instant at, Double load1, Double load5, Double load15, Double cpuPercent, Long memTotalBytes,
                 Long memAvailableBytes, Long diskTotalBytes, Long diskUsedBytes, Long netRxBytes, Long netTxBytes,
                 Double tempCelsius, Long throttledBits, Double powerWatts) {}

    List<Point> samples(String nodeId, long from, long to, boolean rollups, int limit) {
        String table = rollups ? "samples_1m" : "samples";
        return store.jdbi().withHandle(h -> h.createQuery("SELECT at, load1, load5, load15, cpu_percent, mem_total_bytes, mem_avail_bytes, "
                        + "disk_total_bytes, disk_used_bytes, net_rx_bytes, net_tx_bytes, temp_celsius, throttled_bits, power_watts FROM " + table
                        + " WHERE node_id = :node AND at >= :from AND at <= :to ORDER BY at LIMIT :limit")
                .bind("node", nodeId).bind("from", from).bind("to", to).bind("limit", limit)
                .map((rs, c) -> new Point(Instant.ofEpochMilli(rs.getLong("at")), dbl(rs, "load1"), dbl(rs, "load5"), dbl(rs, "load15"),
                        dbl(rs, "cpu_percent"), lng(rs, "mem_total_bytes"), lng(rs, "mem_avail_bytes"), lng(rs, "disk_total_bytes"),
                        lng(rs, "disk_used_bytes"), lng(rs, "net_rx_bytes"), lng(rs, "net_tx_bytes"), dbl(rs, "temp_celsius"),
                        lng(rs, "throttled_bits"), dbl(rs, "power_watts")))
                .list());
    }

    /**
     * Folds raw samples of whole minutes before {@code before} into 1-minute rollups (idempotent),
     * then deletes raw samples older than {@code rawCutoff} and rollups older than {@code rollupCutoff}.
     */
    int[] rollupAndExpire(long before, long rawCutoff, long rollupCutoff) {
        long minuteEnd = before - Math.floorMod(before, 60_000L);
        return store.jdbi().inTransaction(h -> {
            int rolled = h.createUpdate("INSERT INTO samples_1m (node_id, at, n, load1, load5, load15, cpu_percent, mem_total_bytes, "
                            + "mem_avail_bytes, disk_total_bytes, disk_used_bytes, net_rx_bytes, net_tx_bytes, temp_celsius, temp_max_celsius, "
                            + "throttled_bits, power_watts) SELECT node_id, (at / 60000) * 60000, COUNT(*), AVG(load1), AVG(load5), AVG(load15), "
                            + "AVG(cpu_percent), MAX(mem_total_bytes), CAST(AVG(mem_avail_bytes) AS BIGINT), MAX(disk_total_bytes), "
                            + "MAX(disk_used_bytes), MAX(net_rx_bytes), MAX(net_tx_bytes), AVG(temp_celsius), MAX(temp_celsius), "
                            + "MAX(throttled_bits), AVG(power_watts) FROM samples WHERE at < :end AND at >= :start GROUP BY node_id, (at / 60000) * 60000 "
                            + "ON CONFLICT (node_id, at) DO NOTHING")
                    .bind("end", minuteEnd).bind("start", rawCutoff - 120_000L).execute();
            int raw = h.createUpdate("DELETE FROM samples WHERE at < :cut").bind("cut", Math.min(rawCutoff, minuteEnd)).execute();
            int old = h.createUpdate("DELETE FROM samples_1m WHERE at < :cut").bind("cut", rollupCutoff).execute();
            return new int[] {rolled, raw, old};
        });
    }

    private static Double dbl(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static Long lng(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Map<String, Object> params(Node n) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("id", n.id());
        m.put("name", n.name());
        m.put("serial", n.serial());
        m.put("facts", JSON.writeValueAsString(n.facts()));
        m.put("simulated", n.simulated());
        m.put("roles", JSON.writeValueAsString(n.roles()));
        m.put("labels", JSON.writeValueAsString(n.labels()));
        m.put("rack", n.location().rack());
        m.put("row", n.location().row());
        m.put("slot", n.location().slot());
        m.put("lifecycle", n.lifecycle().wire());
        m.put("health", n.health().wire());
        m.put("address", n.address());
        m.put("enrolled", n.enrolledAt().toEpochMilli());
        m.put("seen", n.lastSeen() == null ? null : n.lastSeen().toEpochMilli());
        m.put("sample", n.lastSample() == null ? null : JSON.writeValueAsString(n.lastSample()));
        m.put("located", n.locatedUntil() == null ? null : n.locatedUntil().toEpochMilli());
        m.put("seq", n.eventSeq());
        return m;
    }

    private static Node read(ResultSet rs) throws SQLException {
        String sample = rs.getString("last_sample");
        Integer row = rs.getObject("row_no") == null ? null : rs.getInt("row_no");
        Integer slot = rs.getObject("slot_no") == null ? null : rs.getInt("slot_no");
        return new Node(rs.getString("id"), rs.getString("name"), rs.getString("serial"),
                JSON.readValue(rs.getString("facts"), NodeFacts.class), rs.getBoolean("simulated"),
                new ArrayList<>(JSON.readValue(rs.getString("roles"), new TypeReference<List<String>>() {})),
                JSON.readValue(rs.getString("labels"), new TypeReference<Map<String, String>>() {}),
                new Location(rs.getString("rack"), row, slot),
                Lifecycle.parse(rs.getString("lifecycle")), Health.parse(rs.getString("health")), rs.getString("address"),
                Instant.ofEpochMilli(rs.getLong("enrolled_at")),
                rs.getObject("last_seen") == null ? null : Instant.ofEpochMilli(rs.getLong("last_seen")),
                sample == null ? null : LatestSample.of(JSON.readValue(sample, Sample.class), null),
                rs.getObject("located_until") == null ? null : Instant.ofEpochMilli(rs.getLong("located_until")),
                rs.getLong("event_seq"));
    }
}
