package io.bramble.center.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bramble.center.audit.AuditLog;
import io.bramble.center.auth.AuthService;
import io.bramble.center.auth.Principal;
import io.bramble.center.config.CenterConfig;
import io.bramble.center.events.EventLog;
import io.bramble.center.nodes.Lifecycle;
import io.bramble.center.nodes.Node;
import io.bramble.center.nodes.NodeRegistry;
import io.bramble.center.nodes.NodeRegistry.Refused;
import io.bramble.center.store.Store;

/**
 * Netboot provisioning: boot-file sets, profiles, and each node's way through the lifecycle (assign, reprovision,
 * retire, the installer's progress, deadlines). Every change is stored before it is acknowledged, with an event and an
 * audit entry; the in-memory copies let the TFTP policy answer without reading the store.
 */
public final class BootManager {
    private static final Logger log = LoggerFactory.getLogger(BootManager.class);

    private final Store store;
    private final BootRepository repo;
    private final NodeRegistry nodes;
    private final AuthService auth;
    private final EventLog events;
    private final AuditLog audit;
    private final Clock clock;
    private final CenterConfig.Boot config;
    private final Path assetsRoot;
    private final Supplier<String> centerUrl;
    private final Map<String, BootAsset> assets = new ConcurrentHashMap<>();
    private final Map<String, BootProfile> profiles = new ConcurrentHashMap<>();
    private final Map<String, NodeBoot> boots = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    public BootManager(Store store, NodeRegistry nodes, AuthService auth, EventLog events, AuditLog audit, Clock clock,
                       CenterConfig.Boot config, Path dataDir, Supplier<String> centerUrl) {
        this.store = store;
        this.repo = new BootRepository(store);
        this.nodes = nodes;
        this.auth = auth;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
        this.assetsRoot = dataDir.resolve("boot").resolve("assets").toAbsolutePath();
        this.centerUrl = centerUrl;
        for (BootAsset a : repo.assets()) assets.put(a.name(), a);
        for (BootProfile p : repo.profiles()) profiles.put(p.name(), p);
        for (NodeBoot b : repo.nodes()) boots.put(b.nodeId(), b);
    }

    public CenterConfig.Boot config() { return config; }

    public String centerUrl() { return centerUrl.get(); }

    // ---- assets --------------------------------------------------------------------------------

    public List<BootAsset> assets() {
        return assets.values().stream().sorted(Comparator.comparing(BootAsset::name)).toList();
    }

    public Optional<BootAsset> asset(String name) {
        return Optional.ofNullable(name == null ? null : assets.get(name));
    }

    /** The directory of a stored asset set. */
    public Path assetDir(String name) {
        return assetsRoot.resolve(name);
    }

    /**
     * Copies the regular files under {@code source} (a directory on the center's machine) into
     * {@code <dataDir>/boot/assets/<name>/}, recording each file's SHA-256; replaces a set of the same name whole.
     */
    public BootAsset addAssets(Path source, String name, String actor) {
        return addAssets(source, name, actor, source == null ? null : source.toString());
    }

    /**
     * Stores the files of a zip archive (what {@code bramble boot assets add} uploads) as the asset set {@code name}.
     * Entry names are checked like TFTP paths: no '..', no absolute paths, no backslashes or control characters.
     */
    public BootAsset addAssetsZip(InputStream zip, String name, String actor) {
        if (name == null || !name.matches(BootProfile.NAME_PATTERN))
            throw new IllegalArgumentException("name: lower-case letters, digits, '_' and '-', 1 to 64 (got " + name + ")");
        Path upload = assetsRoot.resolve("." + name + ".upload");
        synchronized (lock) {
            try {
                Files.createDirectories(assetsRoot);
                deleteTree(upload);
                Files.createDirectories(upload);
                long total = 0;
                int count = 0;
                try (var in = new java.util.zip.ZipInputStream(zip)) {
                    for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        if (e.isDirectory()) continue;
                        String entry = e.getName();
                        if (entry.isEmpty() || entry.startsWith("/") || entry.contains("\\") || entry.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                                || java.util.Arrays.asList(entry.split("/")).contains(".."))
                            throw new IllegalArgumentException("zip entry '" + io.bramble.boot.TransferRecord.printable(entry)
                                    + "' is not a plain relative path; refused");
                        if (++count > MAX_FILES) throw new IllegalArgumentException("an asset set holds at most " + MAX_FILES + " files");
                        Path target = upload.resolve(entry).normalize();
                        if (!target.startsWith(upload)) throw new IllegalArgumentException("zip entry '" + entry + "' leads outside the set; refused");
                        Files.createDirectories(target.getParent());
                        try (var out = Files.newOutputStream(target)) {
                            byte[] buf = new byte[65536];
                            for (int n; (n = in.read(buf)) > 0; ) {
                                total += n;
                                if (total > MAX_BYTES)
                                    throw new IllegalArgumentException("an asset set holds at most " + (MAX_BYTES >> 30) + " GiB");
                                out.write(buf, 0, n);
                            }
                        }
                    }
                }
                return addAssets(upload, name, actor, "upload");
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the uploaded zip for asset set " + name + ": " + e.getMessage(), e);
            } finally {
                try {
                    deleteTree(upload);
                } catch (IOException ignored) {
                    // removed on the next upload of this name
                }
            }
        }
    }

    private static final int MAX_FILES = 10_000;
    private static final long MAX_BYTES = 8L << 30;

    private BootAsset addAssets(Path source, String name, String actor, String sourceLabel) {
        if (name == null || !name.matches(BootProfile.NAME_PATTERN))
            throw new IllegalArgumentException("name: lower-case letters, digits, '_' and '-', 1 to 64 (got " + name + ")");
        if (source == null || !source.isAbsolute())
            throw new IllegalArgumentException("dir must be an absolute path on the center's machine (got " + source + ")");
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS))
            throw new IllegalArgumentException("dir " + source + " is not a directory on the center's machine; copy the boot files there first");
        synchronized (lock) {
            Path tmp = assetsRoot.resolve("." + name + ".tmp");
            List<BootAsset.File> files = new ArrayList<>();
            try {
                Files.createDirectories(assetsRoot);
                deleteTree(tmp);
                Files.createDirectories(tmp);
                Files.walkFileTree(source, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        // a link could lead anywhere on the center's disk: only plain files go into a boot set
                        if (!attrs.isRegularFile())
                            throw new IllegalArgumentException(file + " is not a regular file (links are refused); copy the file itself");
                        String rel = source.relativize(file).toString().replace('\\', '/');
                        Path target = tmp.resolve(rel);
                        Files.createDirectories(target.getParent());
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                        files.add(new BootAsset.File(rel, Files.size(target), sha256(target)));
                        return FileVisitResult.CONTINUE;
                    }
                });
                if (files.isEmpty()) throw new IllegalArgumentException("dir " + source + " holds no files; nothing to add");
                Path dest = assetDir(name);
                Path old = assetsRoot.resolve("." + name + ".old");
                deleteTree(old);
                if (Files.exists(dest)) Files.move(dest, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } catch (IOException e) {
                try {
                    deleteTree(tmp);
                } catch (IOException ignored) {
                    // the temporary copy is retried (and removed) on the next add
                }
                throw new UncheckedIOException("cannot copy boot files from " + source + " to " + assetsRoot + ": " + e.getMessage(), e);
            }
            files.sort(Comparator.comparing(BootAsset.File::path));
            BootAsset a = new BootAsset(name, files, files.stream().mapToLong(BootAsset.File::size).sum(), clock.instant(), actor);
            store.jdbi().useTransaction(h -> repo.putAsset(h, a));
            assets.put(name, a);
            audit.record(actor, "boot.assets.add", "boot-assets:" + name, Map.of("files", files.size(), "bytes", a.totalBytes(),
                    "source", sourceLabel));
            log.info("boot assets {} added by {}: {} files, {} bytes", name, actor, files.size(), a.totalBytes());
            return a;
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    // ---- profiles ------------------------------------------------------------------------------

    public List<BootProfile> profiles() {
        return profiles.values().stream().sorted(Comparator.comparing(BootProfile::name)).toList();
    }

    public Optional<BootProfile> profile(String name) {
        return Optional.ofNullable(name == null ? null : profiles.get(name));
    }

    /** Creates ({@code create}) or replaces a profile; its asset set must exist. */
    public BootProfile putProfile(BootProfile p, boolean create, String actor) {
        if (p.assets() != null && !assets.containsKey(p.assets()))
            throw new IllegalArgumentException("assets: no asset set named " + p.assets() + "; add it first with `bramble boot assets add DIR --name "
                    + p.assets() + "`");
        synchronized (lock) {
            boolean exists = profiles.containsKey(p.name());
            if (create && exists) throw new Refused(409, "exists", "a profile named " + p.name() + " exists already; change it with PATCH");
            if (!create && !exists) throw new Refused(404, "not_found", "no profile named " + p.name() + "; `bramble boot profiles list` shows them");
            store.jdbi().useTransaction(h -> repo.putProfile(h, p, clock.millis(), create));
            profiles.put(p.name(), p);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("assets", String.valueOf(p.assets()));
        d.put("mode", p.mode().wire());
        d.put("hostnamePattern", p.hostnamePattern());
        if (p.role() != null) d.put("role", p.role());
        if (p.image() != null) d.put("image", p.image());
        if (p.root() != null) d.put("root", p.root());
        audit.record(actor, create ? "boot.profile.create" : "boot.profile.update", "boot-profile:" + p.name(), d);
        return p;
    }

    public void deleteProfile(String name, String actor) {
        synchronized (lock) {
            if (!profiles.containsKey(name)) throw new Refused(404, "not_found", "no profile named " + name);
            List<String> users = boots.values().stream().filter(b -> name.equals(b.profile()))
                    .map(b -> nodes.byId(b.nodeId()).map(Node::name).orElse(b.nodeId())).sorted().toList();
            if (!users.isEmpty())
                throw new Refused(409, "in_use", "profile " + name + " is assigned to " + users + "; assign them another profile first");
            if (name.equals(config.discoveryProfile()))
                throw new Refused(409, "in_use", "profile " + name + " is boot.discoveryProfile in center.yaml");
            store.jdbi().useTransaction(h -> repo.deleteProfile(h, name));
            profiles.remove(name);
        }
        audit.record(actor, "boot.profile.delete", "boot-profile:" + name, Map.of());
    }

    // ---- nodes ---------------------------------------------------------------------------------

    /** Netboot's record of a node (an empty one when netboot never dealt with it). */
    public NodeBoot state(String nodeId) {
        NodeBoot b = boots.get(nodeId);
        return b != null ? b : NodeBoot.fresh(nodeId, Instant.EPOCH, false);
    }

    /** The node with this serial, if any. */
    public Optional<Node> knownNode(String serial) {
        return nodes.bySerial(serial);
    }

    /** The node for a Pi asking by serial; an unknown Pi is enlisted in lifecycle new when boot.autoEnlist is on. */
    public Optional<Node> nodeForBoot(String serial) {
        Optional<Node> n = nodes.bySerial(serial);
        if (n.isPresent() || !config.autoEnlist()) return n;
        Node created = nodes.enlist(serial, "netboot");
        synchronized (lock) {
            if (!boots.containsKey(created.id())) {
                Instant now = clock.instant();
                save(NodeBoot.fresh(created.id(), now, true).withDeadline(now, null));
            }
        }
        return Optional.of(created);
    }

    /**
     * The one-time enrollment token the node's generated files carry: the same one until it is used or expires, then a new
     * one (which changes the files' content version). Creating a token does not change the node's state.
     */
    public NodeBoot bootToken(Node n) {
        synchronized (lock) {
            NodeBoot b = boots.get(n.id());
            if (b == null) b = NodeBoot.fresh(n.id(), clock.instant(), false);
            if (b.tokenId() != null && b.token() != null && auth.joinTokenUsable(b.tokenId())) return b;
            Duration ttl = config.provisionTimeout().plus(Duration.ofHours(1));
            var t = auth.createJoinToken("netboot", "netboot " + n.name(), 1, ttl);
            NodeBoot updated = b.withToken(t.info().id(), t.token());
            save(updated);
            return updated;
        }
    }

    /** Assigns a profile and starts provisioning (local) or diskless booting at the node's next network boot. */
    public Node assign(String nodeName, String profileName, Principal actor) {
        BootProfile p = profile(profileName).orElseThrow(() -> new Refused(404, "not_found",
                "no profile named " + profileName + "; `bramble boot profiles list` shows them"));
        Node n = node(nodeName);
        return start(n, p, actor.actor(), "boot.assign", Set.of());
    }

    /** Installs the node again with its assigned profile at its next network boot. */
    public Node reprovision(String nodeName, Principal actor) {
        Node n = node(nodeName);
        String profileName = state(n.id()).profile();
        if (profileName == null)
            throw new Refused(409, "no_profile", "node " + n.name() + " has no profile; assign one with `bramble boot assign "
                    + n.name() + " --profile P`");
        BootProfile p = profile(profileName).orElseThrow(() -> new Refused(409, "no_profile",
                "node " + n.name() + "'s profile " + profileName + " was deleted; assign another"));
        return start(n, p, actor.actor(), "boot.reprovision",
                Set.of(Lifecycle.DEPLOYED, Lifecycle.FAILED, Lifecycle.DISKLESS, Lifecycle.PROVISIONING, Lifecycle.READY));
    }

    private Node start(Node n, BootProfile p, String actor, String action, Set<Lifecycle> from) {
        if (p.mode() == BootProfile.Mode.LOCAL && p.image() == null)
            throw new IllegalArgumentException("profile " + p.name() + " has no image: a local install needs the OS image or installer URL "
                    + "(set it with PATCH /api/v1/boot/profiles/" + p.name() + ")");
        Lifecycle to = p.mode() == BootProfile.Mode.DISKLESS ? Lifecycle.DISKLESS : Lifecycle.PROVISIONING;
        Node updated;
        synchronized (lock) {
            Instant now = clock.instant();
            NodeBoot b = state(n.id());
            revokeUnused(b);
            NodeBoot next = b.restart(p.name(), now, to == Lifecycle.PROVISIONING ? now.plus(config.provisionTimeout()) : null);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("profile", p.name());
            d.put("mode", p.mode().wire());
            d.put("generation", next.generation());
            updated = nodes.setLifecycle(n.id(), to, from, actor, d);
            save(next);
            audit.record(actor, action, "node:" + n.name(), d);
        }
        if (p.role() != null && !updated.roles().contains(p.role())) {
            List<String> roles = new ArrayList<>(updated.roles());
            roles.add(p.role());
            updated = nodes.edit(updated.name(), new NodeRegistry.Edit(null, roles, null, null),
                    new Principal(Principal.Kind.USER, actor, io.bramble.center.auth.Role.OPERATOR, null, null));
        }
        return updated;
    }

    /** Retires a node: it is declined at every network boot until assigned again. */
    public Node retire(String nodeName, Principal actor) {
        Node n = node(nodeName);
        synchronized (lock) {
            NodeBoot b = state(n.id());
            revokeUnused(b);
            Node updated = nodes.setLifecycle(n.id(), Lifecycle.RETIRED, Set.of(), actor.actor(), Map.of());
            save(b.withToken(null, null).ended(clock.instant(), null));
            audit.record(actor.actor(), "boot.retire", "node:" + n.name(), Map.of("from", n.lifecycle().wire()));
            return updated;
        }
    }

    private void revokeUnused(NodeBoot b) {
        if (b.tokenId() != null && auth.joinTokenUsable(b.tokenId()))
            auth.revoke(new Principal(Principal.Kind.USER, "netboot", io.bramble.center.auth.Role.ADMIN, null, null), b.tokenId());
    }

    /** A progress report from the discovery environment or the installer. */
    public record Progress(String stage, Integer percent, String message, Boolean done, Boolean failed) {
        public Progress {
            if (stage == null || !stage.matches("[a-z0-9][a-z0-9_.-]{0,63}"))
                throw new IllegalArgumentException("stage: lower-case letters, digits, '_', '.' or '-', 1 to 64, e.g. download or write (got " + stage + ")");
            if (percent != null && (percent < 0 || percent > 100))
                throw new IllegalArgumentException("percent must be between 0 and 100 (got " + percent + ")");
            if (message != null && message.length() > 1024) throw new IllegalArgumentException("message: at most 1024 characters");
            done = done != null && done;
            failed = failed != null && failed;
            if (done && failed) throw new IllegalArgumentException("done and failed cannot both be true");
        }
    }

    /**
     * Records a report. From new, any report means the discovery environment runs (discovering); while provisioning,
     * {@code done} means deployed and {@code failed} means failed. Refused in other states.
     */
    public Node progress(String nodeId, Progress p, String actor) {
        synchronized (lock) {
            Node n = nodes.byId(nodeId).orElseThrow(() -> new Refused(404, "not_found", "no node with id " + nodeId));
            NodeBoot b = state(nodeId);
            Instant now = clock.instant();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("stage", p.stage());
            if (p.percent() != null) d.put("percent", p.percent());
            if (p.message() != null) d.put("message", p.message());
            if (p.done()) d.put("done", true);
            if (p.failed()) d.put("failed", true);
            Node result = n;
            NodeBoot next = b.withProgress(p.stage(), p.percent(), p.message(), now);
            switch (n.lifecycle()) {
                case NEW -> {
                    result = nodes.setLifecycle(nodeId, p.failed() ? Lifecycle.FAILED : Lifecycle.DISCOVERING, Set.of(Lifecycle.NEW), actor,
                            Map.of("reason", "discovery environment reported " + p.stage()));
                    next = p.failed() ? next.ended(now, String.valueOf(p.message())) : next.withDeadline(now, now.plus(config.discoveryTimeout()));
                }
                case DISCOVERING, PROVISIONING -> {
                    if (p.done() && n.lifecycle() == Lifecycle.PROVISIONING) {
                        result = nodes.setLifecycle(nodeId, Lifecycle.DEPLOYED, Set.of(Lifecycle.PROVISIONING), actor,
                                Map.of("profile", String.valueOf(b.profile())));
                        next = next.ended(now, null);
                    } else if (p.failed()) {
                        result = nodes.setLifecycle(nodeId, Lifecycle.FAILED, Set.of(n.lifecycle()), actor,
                                Map.of("reason", "reported failed at " + p.stage()));
                        next = next.ended(now, p.message() == null ? "failed at " + p.stage() : p.message());
                    }
                }
                default -> throw new Refused(409, "wrong_lifecycle", "node " + n.name() + " is " + n.lifecycle().wire()
                        + "; progress is taken only while it is new, discovering or provisioning");
            }
            NodeBoot saved = next;
            store.jdbi().useTransaction(h -> {
                repo.putNode(h, saved);
                events.append(h, n.id(), n.name(), "boot.progress", actor, now, d);
            });
            boots.put(nodeId, saved);
            return result;
        }
    }

    /** The node whose current one-time token this is (the discovery environment and installer report with it). */
    public Optional<Node> nodeForToken(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        byte[] given = token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (NodeBoot b : boots.values()) {
            if (b.token() != null && MessageDigest.isEqual(given, b.token().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                return nodes.byId(b.nodeId());
        }
        return Optional.empty();
    }

    /** Fails nodes whose provisioning or discovery outlived its deadline; run by the center's job every health.checkEvery. */
    public void checkDeadlines() {
        Instant now = clock.instant();
        for (NodeBoot b : List.copyOf(boots.values())) {
            if (b.deadline() == null || b.deadline().isAfter(now)) continue;
            Optional<Node> n = nodes.byId(b.nodeId());
            if (n.isEmpty()) continue;
            Lifecycle l = n.get().lifecycle();
            if (l != Lifecycle.PROVISIONING && l != Lifecycle.DISCOVERING) {
                synchronized (lock) {
                    save(state(b.nodeId()).withDeadline(state(b.nodeId()).since(), null));
                }
                continue;
            }
            synchronized (lock) {
                NodeBoot current = boots.get(b.nodeId());
                if (current == null || current.generation() != b.generation() || current.deadline() == null || current.deadline().isAfter(now)) continue;
                Duration took = Duration.between(current.since(), now);
                String reason = "no " + (l == Lifecycle.PROVISIONING ? "completion report" : "enrollment") + " within "
                        + io.bramble.core.config.Durations.format(l == Lifecycle.PROVISIONING ? config.provisionTimeout() : config.discoveryTimeout())
                        + (current.stage() == null ? " (no progress reported)" : " (last stage " + current.stage() + ")");
                try {
                    nodes.setLifecycle(b.nodeId(), Lifecycle.FAILED, Set.of(l), "center", Map.of("reason", reason, "afterSeconds", took.toSeconds()));
                } catch (Refused e) {
                    continue; // the node moved on meanwhile
                }
                save(current.ended(now, reason));
                log.warn("node {} failed: {}", n.get().name(), reason);
            }
        }
    }

    private void save(NodeBoot b) {
        store.jdbi().useTransaction(h -> repo.putNode(h, b));
        boots.put(b.nodeId(), b);
    }

    private Node node(String name) {
        if (name == null || !name.matches(Node.NAME_PATTERN))
            throw new IllegalArgumentException("'" + name + "' is not a node name (lower-case letters, digits and '-', 1 to 63)");
        return nodes.byName(name).orElseThrow(() -> new Refused(404, "not_found", "no node named " + name + "; `bramble boot list` lists them"));
    }
}
