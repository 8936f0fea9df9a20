package io.bramble.center.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import io.bramble.boot.BootDecision;
import io.bramble.boot.BootPolicy;
import io.bramble.boot.BootRequest;
import io.bramble.center.nodes.Node;

/**
 * What a booting Pi gets, by its serial (the first TFTP path element) and its node's lifecycle: the discovery system when
 * new or discovering, the profile's installer when provisioning, kernel plus a network-root cmdline when diskless, and
 * "not found" when ready, deployed, failed or retired (so it boots from its own storage). config.txt and cmdline.txt are
 * generated per node; everything else comes from the profile's asset set. Reading a file never changes a node's state.
 */
public final class CenterBootPolicy implements BootPolicy {
    private final BootManager boot;

    public CenterBootPolicy(BootManager boot) {
        this.boot = boot;
    }

    @Override
    public BootDecision decide(BootRequest request) {
        String serial = request.serial();
        String path = request.path();
        if (serial == null) {
            // the full 16-digit serial (as the agent and the API show it) is accepted as a prefix too
            int slash = request.path().indexOf('/');
            String first = slash < 0 ? request.path() : request.path().substring(0, slash);
            if (!first.matches("[0-9a-fA-F]{9,64}"))
                return BootDecision.decline("no Pi serial in the path; Bramble serves Pis under <serial>/ (bootloader TFTP_PREFIX=0)");
            serial = first.toLowerCase(Locale.ROOT);
            path = slash < 0 ? "" : request.path().substring(slash + 1);
        }
        // only a boot ROM's 8-digit prefix enlists a new Pi; a longer one must name a known node
        Optional<Node> found = request.serial() != null ? boot.nodeForBoot(serial) : boot.knownNode(serial);
        if (found.isEmpty()) return BootDecision.decline("unknown serial " + serial
                + (request.serial() != null ? " (boot.autoEnlist is off)" : ""));
        Node n = found.get();
        if (path.isEmpty()) return BootDecision.decline("serial directory only");
        return switch (n.lifecycle()) {
            case NEW, DISCOVERING -> {
                String name = boot.config().discoveryProfile();
                BootProfile p = name.isEmpty() ? null : boot.profile(name).orElse(null);
                yield serve(n, p, path, BootFiles.Stage.DISCOVER);
            }
            case PROVISIONING -> {
                BootProfile p = boot.profile(boot.state(n.id()).profile()).orElse(null);
                if (p == null) yield BootDecision.decline("node " + n.name() + " is provisioning but its profile is gone; assign one");
                yield serve(n, p, path, BootFiles.Stage.INSTALL);
            }
            case DISKLESS -> {
                BootProfile p = boot.profile(boot.state(n.id()).profile()).orElse(null);
                if (p == null) yield BootDecision.decline("node " + n.name() + " is diskless but its profile is gone; assign one");
                yield serve(n, p, path, BootFiles.Stage.DISKLESS);
            }
            case READY -> BootDecision.decline("node " + n.name() + " is ready: waiting to be assigned a profile");
            case DEPLOYED -> BootDecision.decline("node " + n.name() + " is deployed: it boots from its own storage");
            case FAILED -> BootDecision.decline("node " + n.name() + " failed provisioning: reprovision it to try again");
            case RETIRED -> BootDecision.decline("node " + n.name() + " is retired");
        };
    }

    private BootDecision serve(Node n, BootProfile profile, String path, BootFiles.Stage stage) {
        Path dir = profile == null || profile.assets() == null ? null : boot.assetDir(profile.assets());
        BootAsset asset = profile == null ? null : boot.asset(profile.assets()).orElse(null);
        if (path.equals("config.txt") || path.equals("cmdline.txt")) {
            NodeBoot b = boot.bootToken(n);
            BootFiles files = new BootFiles(n, b, profile, asset, dir, stage, boot.centerUrl());
            return new BootDecision.ServeBytes(files.version(),
                    () -> (path.equals("config.txt") ? files.configTxt() : files.cmdlineTxt()).getBytes(StandardCharsets.UTF_8));
        }
        if (dir == null)
            return BootDecision.decline("no boot files for " + n.name() + " (" + stage.name().toLowerCase(Locale.ROOT) + "): "
                    + (profile != null ? "profile " + profile.name() + " has no asset set"
                    : boot.config().discoveryProfile().isEmpty() ? "set boot.discoveryProfile in center.yaml"
                    : "no profile named " + boot.config().discoveryProfile() + " (boot.discoveryProfile); create it"));
        Path file = inside(dir, path);
        return file == null ? BootDecision.decline("no " + path + " in asset set " + profile.assets()) : BootDecision.file(file);
    }

    /** The regular file at {@code relative} under {@code root}, or null when there is none or it would lead outside. */
    static Path inside(Path root, String relative) {
        try {
            Path realRoot = root.toRealPath();
            Path candidate = realRoot.resolve(relative).normalize();
            if (!candidate.startsWith(realRoot)) return null;
            Path real = candidate.toRealPath();
            return real.startsWith(realRoot) && Files.isRegularFile(real) ? real : null;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return null;
        }
    }
}
