package io.bramble.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.bramble.core.wire.Filesystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilesystemsTest {
    private static final long GB = 1_000_000_000L;

    /** Sizes by mount point, as statvfs would report them on the captured machine. */
    private static Filesystems.SpaceProbe sizes(Path root, Map<String, Filesystems.Space> byMount, List<String> asked) {
        return p -> {
            String mount = "/" + root.relativize(p).toString();
            asked.add(mount);
            return byMount.get(mount.equals("/") ? "/" : mount);
        };
    }

    @Test
    void pi4CountsRealFilesystemsOnceAndSkipsPseudoOnes() {
        Path root = Fixtures.root("pi4");
        List<String> asked = new ArrayList<>();
        var probe = sizes(root, Map.of(
                "/", new Filesystems.Space(31 * GB, 25 * GB),
                "/boot/firmware", new Filesystems.Space(GB / 2, GB / 2 - 60_000_000),
                "/mnt/usb disk", new Filesystems.Space(500 * GB, 400 * GB),
                "/srv/data", new Filesystems.Space(500 * GB, 400 * GB)), asked);
        var r = new Filesystems(root, probe).read();
        assertThat(r.filesystems()).containsExactly(
                new Filesystem("/", "/dev/mmcblk0p2", "ext4", 31 * GB, 6 * GB),
                new Filesystem("/boot/firmware", "/dev/mmcblk0p1", "vfat", GB / 2, 60_000_000),
                // \040 in /proc/mounts is a space; /srv/data is the same /dev/sda1 again and is not counted twice
                new Filesystem("/mnt/usb disk", "/dev/sda1", "ext4", 500 * GB, 100 * GB));
        assertThat(r.totalBytes()).isEqualTo(31 * GB + GB / 2 + 500 * GB);
        assertThat(r.usedBytes()).isEqualTo(6 * GB + 60_000_000 + 100 * GB);
        assertThat(asked).containsExactly("/", "/boot/firmware", "/mnt/usb disk");
    }

    @Test
    void pi5SkipsSnapSquashfsAndTmpfs() {
        Path root = Fixtures.root("pi5");
        var r = new Filesystems(root, sizes(root, Map.of(
                "/", new Filesystems.Space(250 * GB, 200 * GB),
                "/boot/firmware", new Filesystems.Space(GB / 2, GB / 4)), new ArrayList<>())).read();
        assertThat(r.filesystems()).extracting(Filesystem::mount).containsExactly("/", "/boot/firmware");
        assertThat(r.filesystems()).extracting(Filesystem::device).containsExactly("/dev/nvme0n1p2", "/dev/nvme0n1p1");
        assertThat(r.totalBytes()).isEqualTo(250 * GB + GB / 2);
    }

    @Test
    void aMountThatCannotBeMeasuredIsLeftOut() {
        Path root = Fixtures.root("pi5");
        var r = new Filesystems(root, sizes(root, Map.of("/", new Filesystems.Space(250 * GB, 200 * GB)), new ArrayList<>())).read();
        assertThat(r.filesystems()).extracting(Filesystem::mount).containsExactly("/");
    }

    @Test
    void onlyPseudoFilesystemsMeansNoDiskFigures() {
        assertThat(new Filesystems(Fixtures.root("pc"), p -> new Filesystems.Space(GB, 0)).read()).isNull();
    }

    @Test
    void realProbeMeasuresTheFixtureDirectoriesThroughFileStore() {
        // the fixture's mount points exist as directories, so the real FileStore probe measures the disk they sit on
        var r = new Filesystems(Fixtures.root("pi5")).read();
        assertThat(r.filesystems()).hasSize(2);
        assertThat(r.filesystems()).allSatisfy(f -> {
            assertThat(f.totalBytes()).isPositive();
            assertThat(f.usedBytes()).isBetween(0L, f.totalBytes());
        });
    }

    @Test
    void aHangingNetworkMountIsLeftOutUntilItAnswersAgain(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        java.nio.file.Files.createDirectories(root.resolve("proc"));
        java.nio.file.Files.writeString(root.resolve("proc/mounts"),
                "/dev/mmcblk0p2 / ext4 rw 0 0\nfileserver:/export/home /home nfs4 rw,hard 0 0\n");
        var nfsAnswers = new java.util.concurrent.CountDownLatch(1);
        var nfsCalls = new java.util.concurrent.atomic.AtomicInteger();
        Filesystems fs = new Filesystems(root, p -> {
            if (p.endsWith("home")) {
                nfsCalls.incrementAndGet();
                try {
                    nfsAnswers.await(); // a hard NFS mount whose server is gone
                } catch (InterruptedException e) {
                    return null;
                }
                return new Filesystems.Space(1000 * GB, 400 * GB);
            }
            return new Filesystems.Space(31 * GB, 25 * GB);
        }, java.time.Duration.ofMillis(200));

        long t0 = System.nanoTime();
        assertThat(fs.read().filesystems()).extracting(Filesystem::mount).containsExactly("/");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
        // the next samples skip it at once instead of piling up stuck threads
        assertThat(fs.read().filesystems()).extracting(Filesystem::mount).containsExactly("/");
        assertThat(nfsCalls).hasValue(1);

        nfsAnswers.countDown();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> fs.read().filesystems().size() == 2);
        assertThat(fs.read().totalBytes()).isEqualTo(1031 * GB);
    }

    @Test
    void octalEscapesAreDecoded() {
        assertThat(Filesystems.unescape("/mnt/a\\040b\\011c\\134d")).isEqualTo("/mnt/a b\tc\\d");
        assertThat(Filesystems.unescape("/plain")).isEqualTo("/plain");
        assertThat(Filesystems.unescape("/trailing\\04")).isEqualTo("/trailing\\04");
    }

    @Test
    void pseudoTypesAndSystemMountPointsAreNotReal() {
        assertThat(Filesystems.isReal("/dev/sda1", "/", "ext4")).isTrue();
        assertThat(Filesystems.isReal("server:/export", "/home", "nfs4")).isTrue();
        for (String t : List.of("proc", "sysfs", "tmpfs", "devtmpfs", "cgroup", "cgroup2", "overlay", "squashfs", "autofs"))
            assertThat(Filesystems.isReal("x", "/x", t)).as(t).isFalse();
        assertThat(Filesystems.isReal("/dev/sdb1", "/var/lib/docker/volumes/v", "ext4")).isFalse();
        assertThat(Filesystems.isReal("/dev/sdb1", "/var/lib/docker", "ext4")).isTrue();
    }
}
