package io.bramble.agent.collect;

import io.bramble.core.wire.Filesystem;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real mounted filesystems from {@code /proc/mounts} with their size and use. Pseudo and in-memory
 * filesystems (proc, sysfs, tmpfs, cgroup, overlay, squashfs, ...) and mounts under /proc, /sys,
 * /dev are left out; a device mounted twice (bind mounts) is counted once, at its first mount.
 */
public final class Filesystems {
    private static final Logger log = LoggerFactory.getLogger(Filesystems.class);

    /** Size of one mounted filesystem: {@code used = total - free}, as df reports it. */
    public record Space(long totalBytes, long freeBytes) {}

    /** Measures a mount point; the real one asks the kernel (statvfs) through {@link FileStore}. */
    @FunctionalInterface
    public interface SpaceProbe {
        /** The mount's size, or null when it cannot be measured (gone, no permission, stale NFS). */
        Space measure(Path mountPoint);
    }

    /** Disk figures: every counted filesystem and the totals over them. */
    public record Reading(List<Filesystem> filesystems, long totalBytes, long usedBytes) {}

    private static final Set<String> PSEUDO = Set.of(
            "proc", "sysfs", "tmpfs", "devtmpfs", "devpts", "ramfs", "rootfs", "cgroup", "cgroup2", "overlay", "squashfs",
            "erofs", "autofs", "mqueue", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl",
            "hugetlbfs", "binfmt_misc", "rpc_pipefs", "nsfs", "efivarfs", "selinuxfs", "nfsd", "iso9660", "devfs",
            "fuse.lxcfs", "fuse.gvfsd-fuse", "fuse.portal", "fuse.snapfuse", "zramfs", "none", "shm");
    private static final Pattern IGNORED_MOUNTS = Pattern.compile(
            "^/(dev|proc|sys|run/credentials/.+|var/lib/docker/.+|var/lib/containers/storage/.+|var/lib/kubelet/.+|snap/.+)($|/.*)");

    /** Network filesystems whose server can vanish, leaving statvfs hanging (a shared /home over NFS in a classroom rack). */
    private static final Pattern NETWORK = Pattern.compile("nfs4?|cifs|smb3|smbfs|9p|ceph|glusterfs|fuse\\.sshfs|fuse\\.glusterfs|afs|lustre");
    private static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(2);

    private final Path root;
    private final Path mounts;
    private final SpaceProbe probe;
    private final Duration networkTimeout;
    /** Network mounts whose last measurement has not returned yet; they are skipped until it does. */
    private final Set<String> hung = ConcurrentHashMap.newKeySet();

    /** Reads {@code <root>/proc/mounts} and measures each mount at {@code <root>/<mount point>}. */
    public Filesystems(Path root) {
        this(root, Filesystems::fileStoreSpace, NETWORK_TIMEOUT);
    }

    public Filesystems(Path root, SpaceProbe probe) {
        this(root, probe, NETWORK_TIMEOUT);
    }

    /** {@code networkTimeout} bounds the wait for a network filesystem's size, so a dead NFS server cannot stall heartbeats. */
    public Filesystems(Path root, SpaceProbe probe, Duration networkTimeout) {
        this.root = root;
        this.mounts = SysFiles.under(root, "/proc/mounts");
        this.probe = probe;
        this.networkTimeout = networkTimeout;
    }

    /** The real filesystems and their totals, or null when there are none (or /proc/mounts is missing). */
    public Reading read() {
        String text = SysFiles.read(mounts);
        if (text == null) return null;
        List<Filesystem> out = new ArrayList<>();
        Set<String> devices = new HashSet<>();
        Set<String> mountPoints = new HashSet<>();
        long total = 0, used = 0;
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 3) continue;
            String device = unescape(f[0]), mount = unescape(f[1]), type = f[2];
            if (!isReal(device, mount, type)) continue;
            if (!devices.add(device) || !mountPoints.add(mount)) continue;
            Space s = NETWORK.matcher(type).matches() ? measureNetwork(mount, type) : probe.measure(SysFiles.under(root, mount));
            if (s == null || s.totalBytes() <= 0) continue;
            long u = Math.max(0, s.totalBytes() - s.freeBytes());
            out.add(new Filesystem(mount, device, type, s.totalBytes(), u));
            total += s.totalBytes();
            used += u;
        }
        return out.isEmpty() ? null : new Reading(List.copyOf(out), total, used);
    }

    /**
     * Measures a network mount on a separate thread and gives up after the timeout; a mount whose
     * measurement hangs is left out (and not measured again) until that measurement returns.
     */
    private Space measureNetwork(String mount, String type) {
        if (hung.contains(mount)) return null;
        CompletableFuture<Space> f = new CompletableFuture<>();
        // a platform thread: a statvfs stuck in the kernel would pin a virtual thread's carrier
        Thread.ofPlatform().daemon().name("bramble-statvfs").start(() -> {
            try {
                f.complete(probe.measure(SysFiles.under(root, mount)));
            } catch (RuntimeException e) {
                f.complete(null);
            } finally {
                if (hung.remove(mount)) log.info("{} filesystem {} answers again", type, mount);
            }
        });
        try {
            return f.get(networkTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            hung.add(mount);
            if (f.isDone()) { // it returned just now, before it could be marked
                hung.remove(mount);
                return f.getNow(null);
            }
            log.warn("{} filesystem {} did not report its size within {} ms (server unreachable?); left out until it answers",
                    type, mount, networkTimeout.toMillis());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    static boolean isReal(String device, String mount, String type) {
        if (PSEUDO.contains(type) || type.startsWith("cgroup")) return false;
        if (IGNORED_MOUNTS.matcher(mount).matches()) return false;
        return !device.equals("none") && !device.equals(type);
    }

    /** /proc/mounts writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Space fileStoreSpace(Path mountPoint) {
        try {
            if (!Files.isDirectory(mountPoint)) return null;
            FileStore store = Files.getFileStore(mountPoint);
            return new Space(store.getTotalSpace(), store.getUnallocatedSpace());
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
