package io.bramble.center.boot;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import io.bramble.center.store.Store;
import io.bramble.core.json.Json;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for boot assets, profiles and nodes' boot records; the only class that knows the boot_* tables. */
final class BootRepository {
    private static final JsonMapper JSON = Json.mapper();
    private final Store store;

    BootRepository(Store store) {
        this.store = store;
    }

    List<BootAsset> assets() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT name, files, total_bytes, created_at, created_by FROM boot_assets")
                .map((rs, c) -> new BootAsset(rs.getString("name"),
                        JSON.readValue(rs.getString("files"), new TypeReference<List<BootAsset.File>>() {}), rs.getLong("total_bytes"),
                        Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("created_by")))
                .list());
    }

    void putAsset(Handle h, BootAsset a) {
        h.createUpdate("DELETE FROM boot_assets WHERE name = :n").bind("n", a.name()).execute();
        h.createUpdate("INSERT INTO boot_assets (name, files, total_bytes, created_at, created_by) VALUES (:n, :f, :t, :at, :by)")
                .bind("n", a.name()).bind("f", JSON.writeValueAsString(a.files())).bind("t", a.totalBytes())
                .bind("at", a.createdAt().toEpochMilli()).bind("by", a.createdBy()).execute();
    }

    List<BootProfile> profiles() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT name, assets, hostname_pattern, role, mode, image, root FROM boot_profiles")
                .map((rs, c) -> new BootProfile(rs.getString("name"), rs.getString("assets"), rs.getString("hostname_pattern"),
                        rs.getString("role"), BootProfile.Mode.of(rs.getString("mode")), rs.getString("image"), rs.getString("root")))
                .list());
    }

    void putProfile(Handle h, BootProfile p, long now, boolean fresh) {
        String sql = fresh
                ? "INSERT INTO boot_profiles (name, assets, hostname_pattern, role, mode, image, root, created_at, updated_at) "
                        + "VALUES (:name, :assets, :host, :role, :mode, :image, :root, :now, :now)"
                : "UPDATE boot_profiles SET assets = :assets, hostname_pattern = :host, role = :role, mode = :mode, image = :image, "
                        + "root = :root, updated_at = :now WHERE name = :name";
        h.createUpdate(sql).bind("name", p.name()).bind("assets", p.assets()).bind("host", p.hostnamePattern()).bind("role", p.role())
                .bind("mode", p.mode().wire()).bind("image", p.image()).bind("root", p.root()).bind("now", now).execute();
    }

    void deleteProfile(Handle h, String name) {
        h.createUpdate("DELETE FROM boot_profiles WHERE name = :n").bind("n", name).execute();
    }

    List<NodeBoot> nodes() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT * FROM boot_nodes").map((rs, c) -> read(rs)).list());
    }

    void putNode(Handle h, NodeBoot b) {
        h.createUpdate("DELETE FROM boot_nodes WHERE node_id = :id").bind("id", b.nodeId()).execute();
        Map<String, Object> m = new HashMap<>();
        m.put("id", b.nodeId());
        m.put("profile", b.profile());
        m.put("tokenId", b.tokenId());
        m.put("token", b.token());
        m.put("gen", b.generation());
        m.put("since", b.since().toEpochMilli());
        m.put("deadline", b.deadline() == null ? null : b.deadline().toEpochMilli());
        m.put("stage", b.stage());
        m.put("percent", b.percent());
        m.put("message", b.message());
        m.put("progressAt", b.progressAt() == null ? null : b.progressAt().toEpochMilli());
        m.put("failed", b.failedReason());
        m.put("auto", b.autoEnlisted());
        h.createUpdate("INSERT INTO boot_nodes (node_id, profile, token_id, token, generation, state_since, deadline, stage, percent, "
                        + "message, progress_at, failed_reason, auto_enlisted) VALUES (:id, :profile, :tokenId, :token, :gen, :since, "
                        + ":deadline, :stage, :percent, :message, :progressAt, :failed, :auto)")
                .bindMap(m).execute();
    }

    private static NodeBoot read(ResultSet rs) throws SQLException {
        return new NodeBoot(rs.getString("node_id"), rs.getString("profile"), rs.getString("token_id"), rs.getString("token"),
                rs.getLong("generation"), Instant.ofEpochMilli(rs.getLong("state_since")), time(rs, "deadline"), rs.getString("stage"),
                rs.getObject("percent") == null ? null : rs.getInt("percent"), rs.getString("message"), time(rs, "progress_at"),
                rs.getString("failed_reason"), rs.getBoolean("auto_enlisted"));
    }

    private static Instant time(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
