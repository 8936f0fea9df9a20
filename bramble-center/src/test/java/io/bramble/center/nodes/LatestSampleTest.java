package io.bramble.center.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.bramble.core.wire.Filesystem;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;

class LatestSampleTest {

    @Test
    void unpacksEverySampleToAnEqualOne() {
        Random r = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            Sample s = randomSample(r);
            assertThat(LatestSample.of(s, null).sample()).as("sample %d", i).isEqualTo(s);
        }
    }

    @Test
    void keepsAbsentFiguresAbsentAndZeroesAsZero() {
        Sample s = new Sample(Instant.ofEpochSecond(1_700_000_000L, 123_456_789), 0.0, null, -0.0, null, 0L, null, null, 0L, List.of(),
                null, null, null, Double.NaN, null, null);
        Sample back = LatestSample.of(s, null).sample();
        assertThat(back).isEqualTo(s);
        assertThat(back.load5()).isNull();
        assertThat(back.memTotalBytes()).isZero();
        assertThat(back.throttled()).isNull();
        assertThat(Double.doubleToRawLongBits(back.load15())).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void keepsThrottlingFlagsAsSentEvenWhenTheyDisagreeWithTheBits() {
        Throttled odd = new Throttled(0x50005, false, true, false, true, false, false, true, true);
        Sample s = sampleWith(odd, List.of());
        LatestSample packed = LatestSample.of(s, null);
        assertThat(packed.sample().throttled()).isEqualTo(odd);
        assertThat(packed.throttlingNow()).isTrue();
        assertThat(LatestSample.of(sampleWith(Throttled.fromBits(0x50000), List.of()), null).throttlingNow()).isFalse();
        assertThat(LatestSample.of(sampleWith(null, List.of()), null).throttlingNow()).isFalse();
    }

    @Test
    void sharesUnchangedFilesystemNamesWithTheSampleBefore() {
        List<Filesystem> fs1 = List.of(new Filesystem(new String("/"), new String("/dev/mmcblk0p2"), new String("ext4"), 100, 40),
                new Filesystem(new String("/boot/firmware"), new String("/dev/mmcblk0p1"), new String("vfat"), 10, 2));
        List<Filesystem> fs2 = List.of(new Filesystem(new String("/"), new String("/dev/mmcblk0p2"), new String("ext4"), 100, 41),
                new Filesystem(new String("/boot/firmware"), new String("/dev/mmcblk0p1"), new String("vfat"), 10, 2));
        LatestSample first = LatestSample.of(sampleWith(null, fs1), null);
        LatestSample second = LatestSample.of(sampleWith(null, fs2), first);
        assertThat(second.sharesNamesWith(first)).isTrue();
        assertThat(second.sample().filesystems()).isEqualTo(fs2);
        assertThat(second.sample().filesystems().get(0).mount()).isSameAs(first.sample().filesystems().get(0).mount());

        List<Filesystem> fs3 = List.of(new Filesystem("/", "/dev/sda2", "ext4", 100, 41));
        LatestSample third = LatestSample.of(sampleWith(null, fs3), second);
        assertThat(third.sharesNamesWith(second)).isFalse();
        assertThat(third.sample().filesystems()).isEqualTo(fs3);
    }

    @Test
    void equalSamplesPackEqual() {
        Sample s = randomSample(new Random(7));
        assertThat(LatestSample.of(s, null)).isEqualTo(LatestSample.of(s, null)).hasSameHashCodeAs(LatestSample.of(s, null));
        assertThat(LatestSample.of(s, null)).isNotEqualTo(LatestSample.of(sampleWith(null, List.of()), null));
    }

    private static Sample sampleWith(Throttled t, List<Filesystem> fs) {
        return new Sample(Instant.parse("2026-12-06T10:00:00.5Z"), 0.5, 0.4, 0.3, 12.5, 4_000_000_000L, 3_000_000_000L, 110L, 42L, fs,
                1L, 2L, 100.0, 48.3, t, null);
    }

    private static Sample randomSample(Random r) {
        List<Filesystem> fs = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--)
            fs.add(new Filesystem("/m" + r.nextInt(5), "/dev/d" + r.nextInt(9), r.nextBoolean() ? "ext4" : "vfat", r.nextLong(), r.nextLong()));
        Throttled t = r.nextInt(3) == 0 ? null : new Throttled(r.nextLong(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(),
                r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
        return new Sample(Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000)), d(r), d(r), d(r), d(r), l(r), l(r), l(r),
                l(r), fs, l(r), l(r), d(r), d(r), t, d(r));
    }

    private static Double d(Random r) {
        return r.nextInt(4) == 0 ? null : r.nextGaussian() * 100;
    }

    private static Long l(Random r) {
        return r.nextInt(4) == 0 ? null : r.nextLong();
    }
}
