package io.bramble.center.boot;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import io.bramble.boot.TransferRecord;
import io.bramble.center.api.Access;
import io.bramble.center.api.Api;
import io.bramble.center.api.ApiException;
import io.bramble.center.nodes.Node;
import io.bramble.center.nodes.NodeRegistry;
import io.javalin.http.Context;

/**
 * The netboot API under {@code /api/v1/boot}: asset sets and profiles (admin), nodes' boot state (viewer), assign,
 * reprovision and retire (operator), and progress reports from the discovery system and the installer.
 */
public final class BootRoutes {
    private final BootManager boot;
    private final BootEvents transfers;
    private final NodeRegistry nodes;
    private final IntSupplier tftpPort;

    public BootRoutes(BootManager boot, BootEvents transfers, NodeRegistry nodes, IntSupplier tftpPort) {
        this.boot = boot;
        this.transfers = transfers;
        this.nodes = nodes;
        this.tftpPort = tftpPort;
    }

    /** POST body of /assets: a directory on the center's machine and the set's name. */
    public record AssetsAdd(String name, String dir) {}

    /** PATCH body of a profile: fields to change, the rest kept. */
    public record ProfilePatch(String assets, String hostnamePattern, String role, BootProfile.Mode mode, String image, String root) {}

    public record Assign(String profile) {}

    /** One node as netboot sees it. */
    public record NodeBootView(String name, String serial, String bootSerial, String lifecycle, String profile, long generation,
                               Instant since, Instant deadline, String stage, Integer percent, String message, Instant progressAt,
                               String failedReason, boolean autoEnlisted, List<Map<String, Object>> transfers) {}

    public void register(Api api) {
        api.get("/api/v1/boot/status", Access.VIEWER, ctx -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("enabled", boot.config().enabled());
            m.put("tftpPort", tftpPort.getAsInt());
            m.put("autoEnlist", boot.config().autoEnlist());
            m.put("discoveryProfile", boot.config().discoveryProfile());
            m.put("provisionTimeout", io.bramble.core.config.Durations.format(boot.config().provisionTimeout()));
            Api.json(ctx, m);
        });
        api.get("/api/v1/boot/assets", Access.VIEWER, ctx -> Api.json(ctx, Map.of("assets", boot.assets())));
        api.post("/api/v1/boot/assets", Access.ADMIN, ctx -> {
            AssetsAdd a = Api.body(ctx, AssetsAdd.class);
            if (a.dir() == null || a.dir().isBlank()) throw ApiException.badRequest("dir is required: a directory on the center's machine");
            Api.json(ctx, 201, boot.addAssets(Path.of(a.dir()), a.name(), Api.principal(ctx).actor()));
        });
        // the CLI uploads a zip of the directory; streamed, so boot files larger than http.maxBodyBytes fit
        api.post("/api/v1/boot/assets/{name}", Access.ADMIN, ctx -> {
            String ct = ctx.contentType();
            if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/zip"))
                throw new ApiException(415, "unsupported_media_type", "send the boot files as a zip archive with Content-Type: application/zip (got " + ct + ")");
            Api.json(ctx, 201, boot.addAssetsZip(ctx.req().getInputStream(), ctx.pathParam("name"), Api.principal(ctx).actor()));
        });
        api.get("/api/v1/boot/profiles", Access.VIEWER, ctx -> Api.json(ctx, Map.of("profiles", boot.profiles())));
        api.post("/api/v1/boot/profiles", Access.ADMIN, ctx ->
                Api.json(ctx, 201, boot.putProfile(Api.body(ctx, BootProfile.class), true, Api.principal(ctx).actor())));
        api.get("/api/v1/boot/profiles/{name}", Access.VIEWER, ctx -> Api.json(ctx, profile(ctx)));
        api.patch("/api/v1/boot/profiles/{name}", Access.ADMIN, ctx -> {
            BootProfile p = profile(ctx);
            ProfilePatch x = Api.body(ctx, ProfilePatch.class);
            BootProfile changed = new BootProfile(p.name(), x.assets() != null ? x.assets() : p.assets(),
                    x.hostnamePattern() != null ? x.hostnamePattern() : p.hostnamePattern(), x.role() != null ? x.role() : p.role(),
                    x.mode() != null ? x.mode() : p.mode(), x.image() != null ? x.image() : p.image(), x.root() != null ? x.root() : p.root());
            Api.json(ctx, boot.putProfile(changed, false, Api.principal(ctx).actor()));
        });
        api.delete("/api/v1/boot/profiles/{name}", Access.ADMIN, ctx -> {
            boot.deleteProfile(profile(ctx).name(), Api.principal(ctx).actor());
            ctx.status(204);
        });
        api.get("/api/v1/boot/nodes", Access.VIEWER, ctx ->
                Api.json(ctx, Map.of("nodes", nodes.list().stream().map(n -> view(n, false)).toList())));
        api.get("/api/v1/boot/nodes/{name}", Access.VIEWER, ctx -> Api.json(ctx, view(node(ctx), true)));
        api.post("/api/v1/boot/nodes/{name}/assign", Access.OPERATOR, ctx -> {
            Node n = node(ctx);
            Assign a = Api.body(ctx, Assign.class);
            if (a.profile() == null || a.profile().isBlank()) throw ApiException.badRequest("profile is required");
            Api.json(ctx, view(boot.assign(n.name(), a.profile(), Api.principal(ctx)), true));
        });
        api.post("/api/v1/boot/nodes/{name}/reprovision", Access.OPERATOR, ctx ->
                Api.json(ctx, view(boot.reprovision(node(ctx).name(), Api.principal(ctx)), true)));
        api.post("/api/v1/boot/nodes/{name}/retire", Access.OPERATOR, ctx ->
                Api.json(ctx, view(boot.retire(node(ctx).name(), Api.principal(ctx)), true)));
        // the discovery system and installer hold the one-time token from cmdline.txt (a join token), or once
        // enrolled the node credential; Access.JOIN leaves the check to this handler
        api.post("/api/v1/boot/progress", Access.JOIN, ctx -> {
            Node n = reporter(ctx);
            BootManager.Progress p = Api.body(ctx, BootManager.Progress.class);
            Api.json(ctx, view(boot.progress(n.id(), p, "node:" + n.name()), false));
        });
    }

    private Node reporter(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7))
            throw new ApiException(401, "unauthorized", "send the one-time token from cmdline.txt (bramble.token) or the node credential as Authorization: Bearer ...");
        String bearer = h.substring(7).strip();
        if (bearer.startsWith(NodeRegistry.NODE_PREFIX + "_")) {
            var p = nodes.authenticateNode(bearer).orElseThrow(() -> new ApiException(401, "unauthorized", "unknown or revoked node credential"));
            return nodes.byId(p.nodeId()).orElseThrow(() -> new ApiException(401, "unauthorized", "this node was removed"));
        }
        return boot.nodeForToken(bearer).orElseThrow(() -> new ApiException(401, "unauthorized",
                "unknown or replaced boot token; the node must boot again to get the current one"));
    }

    private BootProfile profile(Context ctx) {
        String name = ctx.pathParam("name");
        if (!name.matches(BootProfile.NAME_PATTERN)) throw new ApiException(400, "invalid_name", "'" + name + "' is not a profile name");
        return boot.profile(name).orElseThrow(() -> ApiException.notFound("no profile named " + name + "; `bramble boot profiles list` shows them"));
    }

    private Node node(Context ctx) {
        String name = ctx.pathParam("name");
        if (!name.matches(Node.NAME_PATTERN))
            throw new ApiException(400, "invalid_name", "'" + name + "' is not a node name (lower-case letters, digits and '-', 1 to 63)");
        return nodes.byName(name).orElseThrow(() -> ApiException.notFound("no node named " + name + "; `bramble boot list` lists them"));
    }

    private NodeBootView view(Node n, boolean withTransfers) {
        NodeBoot b = boot.state(n.id());
        String s = n.serial().toLowerCase(java.util.Locale.ROOT);
        List<Map<String, Object>> t = withTransfers ? transfers.recent(n.id()).stream().map(BootRoutes::transfer).toList() : null;
        return new NodeBootView(n.name(), n.serial(), s.length() > 8 ? s.substring(s.length() - 8) : s, n.lifecycle().wire(), b.profile(),
                b.generation(), b.since().equals(Instant.EPOCH) ? null : b.since(), b.deadline(), b.stage(), b.percent(), b.message(),
                b.progressAt(), b.failedReason(), b.autoEnlisted(), t);
    }

    private static Map<String, Object> transfer(TransferRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", r.started());
        m.put("path", TransferRecord.printable(r.path()));
        m.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
        m.put("bytes", r.bytesSent());
        m.put("ms", r.elapsed().toMillis());
        if (!r.detail().isEmpty()) m.put("detail", r.detail());
        return m;
    }
}
