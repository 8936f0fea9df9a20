package io.bramble.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves {@code <root>/<serial>/<path>}, falling back to the shared {@code <root>/<path>}; never anything outside root
 * (symbolic links leading out included). Answers DHCP for Pis, and for iPXE clients when a script URL is given.
 */
public final class DirectoryBootPolicy implements BootPolicy {
    private final Path root;
    private final String ipxeScriptUrl;

    public DirectoryBootPolicy(Path root) {
        this(root, "");
    }

    public DirectoryBootPolicy(Path root, String ipxeScriptUrl) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("TFTP root " + root + " cannot be used: " + e.getMessage() + "; create the directory or fix tftp.root", e);
        }
        if (!Files.isDirectory(this.root))
            throw new IllegalArgumentException("TFTP root " + root + " is not a directory; fix tftp.root");
        this.ipxeScriptUrl = ipxeScriptUrl == null ? "" : ipxeScriptUrl;
    }

    public Path root() { return root; }

    @Override
    public BootDecision decide(BootRequest request) {
        if (request.serial() != null) {
            Path own = inside(request.serial() + "/" + request.path());
            if (own != null) return BootDecision.file(own);
        }
        Path shared = inside(request.path());
        if (shared != null) return BootDecision.file(shared);
        // a Pi 3 asks for "<serial>/start.elf" and must get "not found" when there is no per-serial directory
        if (request.serial() != null && request.path().isEmpty()) return BootDecision.decline("no directory for serial " + request.serial());
        return BootDecision.decline("no such file under " + root);
    }

    @Override
    public DhcpDecision dhcp(DhcpClient client) {
        return switch (client.kind()) {
            case RASPBERRY_PI -> DhcpDecision.answer("");
            case IPXE -> ipxeScriptUrl.isEmpty() ? DhcpDecision.ignore("no iPXE script URL configured")
                    : DhcpDecision.answer(ipxeScriptUrl);
            default -> DhcpDecision.ignore("not a Raspberry Pi (" + client.kind() + ")");
        };
    }

    /** The regular file at {@code relative} under root, or null when there is none or it would lead outside root. */
    private Path inside(String relative) {
        if (relative.isEmpty()) return null;
        Path candidate = root.resolve(relative).normalize();
        if (!candidate.startsWith(root)) return null;
        try {
            Path real = candidate.toRealPath();
            if (!real.startsWith(root) || !Files.isRegularFile(real)) return null;
            return real;
        } catch (IOException e) {
            return null;
        }
    }
}
