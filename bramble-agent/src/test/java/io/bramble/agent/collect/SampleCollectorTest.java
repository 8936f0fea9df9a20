package io.bramble.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.bramble.core.wire.NodeFacts;
import io.bramble.core.wire.Sample;
import io.bramble.core.wire.Throttled;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SampleCollectorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void pi4SampleHasEverySignalTheFixtureHas() {
        SampleCollector c = SampleCollector.forRoot(Fixtures.root("pi4"), CLOCK, (cmd, t) -> "throttled=0x50005\n");
        Sample s = c.collect();
        assertThat(s.at()).isEqualTo(CLOCK.instant());
        assertThat(s.load1()).isEqualTo(0.42);
        assertThat(s.load15()).isEqualTo(0.25);
        assertThat(s.cpuPercent()).isNull();
        assertThat(s.memTotalBytes()).isEqualTo(3880180L * 1024);
        assertThat(s.memAvailableBytes()).isEqualTo(3402816L * 1024);
        assertThat(s.diskTotalBytes()).isPositive();
        assertThat(s.filesystems()).extracting(f -> f.mount()).containsExactly("/", "/boot/firmware", "/mnt/usb disk");
        assertThat(s.netRxBytes()).isEqualTo(987655321L);
        assertThat(s.uptimeSeconds()).isEqualTo(12345.67);
        assertThat(s.tempCelsius()).isEqualTo(48.686);
        assertThat(s.throttled()).isEqualTo(Throttled.fromBits(0x50005));
    }

    @Test
    void signalsThePcLacksAreNullNotZero() {
        Sample s = SampleCollector.forRoot(Fixtures.root("pc"), CLOCK, (cmd, t) -> null).collect();
        assertThat(s.memAvailableBytes()).isNull();
        assertThat(s.diskTotalBytes()).isNull();
        assertThat(s.diskUsedBytes()).isNull();
        assertThat(s.filesystems()).isEmpty();
        assertThat(s.netRxBytes()).isNull();
        assertThat(s.throttled()).isNull();
        assertThat(s.load1()).isEqualTo(2.5);
    }

    @Test
    void thisMachineGivesPlausibleFigures() throws Exception {
        Path root = Path.of("/");
        SampleCollector c = SampleCollector.forRoot(root, Clock.systemUTC(), new ProcessCommandRunner());
        c.collect();
        Thread.sleep(50); // let some jiffies pass so CPU percent has two reads to compare
        Sample s = c.collect();
        assertThat(s.load1()).isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(s.memTotalBytes()).isNotNull().isPositive();
        assertThat(s.memAvailableBytes()).isNotNull().isBetween(0L, s.memTotalBytes());
        assertThat(s.uptimeSeconds()).isNotNull().isPositive();
        if (s.cpuPercent() != null) assertThat(s.cpuPercent()).isBetween(0.0, 100.0);
        if (s.diskTotalBytes() != null) assertThat(s.diskUsedBytes()).isBetween(0L, s.diskTotalBytes());
        if (s.tempCelsius() != null) assertThat(s.tempCelsius()).isBetween(-40.0, 130.0);
        assertThat(s.filesystems()).allSatisfy(f -> assertThat(f.mount()).doesNotStartWith("/proc").doesNotStartWith("/sys"));

        NodeFacts f = new BoardIdentity(root, "test").read();
        assertThat(f.serial()).isNotBlank();
        assertThat(f.hostname()).isNotBlank();
        assertThat(f.kernel()).isNotBlank();
        assertThat(f.memoryBytes()).isPositive();
    }
}
