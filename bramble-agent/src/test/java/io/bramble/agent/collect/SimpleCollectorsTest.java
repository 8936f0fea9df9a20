package io.bramble.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimpleCollectorsTest {
    @TempDir Path tmp;

    @Test
    void loadAverageReadsThreeFiguresFromPi4AndPi5() {
        assertThat(new LoadAverage(Fixtures.root("pi4")).read()).isEqualTo(new LoadAverage.Reading(0.42, 0.31, 0.25));
        assertThat(new LoadAverage(Fixtures.root("pi5")).read()).isEqualTo(new LoadAverage.Reading(1.05, 0.87, 0.66));
    }

    @Test
    void missingFilesGiveNullNeverZero() {
        assertThat(new LoadAverage(tmp).read()).isNull();
        assertThat(new CpuUsage(tmp).read()).isNull();
        assertThat(new Memory(tmp).read()).isNull();
        assertThat(new Network(tmp).read()).isNull();
        assertThat(new Uptime(tmp).read()).isNull();
        assertThat(new Thermal(tmp).read()).isNull();
        assertThat(new Filesystems(tmp).read()).isNull();
    }

    @Test
    void malformedLoadAverageIsNull() throws Exception {
        Files.createDirectories(tmp.resolve("proc"));
        Files.writeString(tmp.resolve("proc/loadavg"), "garbage\n");
        assertThat(new LoadAverage(tmp).read()).isNull();
    }

    @Test
    void memoryIsConvertedFromKibToBytes() {
        assertThat(new Memory(Fixtures.root("pi4")).read()).isEqualTo(new Memory.Reading(3880180L * 1024, 3402816L * 1024));
        assertThat(new Memory(Fixtures.root("pi5")).read()).isEqualTo(new Memory.Reading(8245984L * 1024, 7654321L * 1024));
    }

    @Test
    void memoryAvailableIsNullOnKernelsWithoutIt() {
        assertThat(new Memory(Fixtures.root("pc")).read()).isEqualTo(new Memory.Reading(16323820L * 1024, null));
    }

    @Test
    void cpuUsageIsNullOnFirstReadThenBusyShareBetweenReads() throws Exception {
        Files.createDirectories(tmp.resolve("proc"));
        Path stat = tmp.resolve("proc/stat");
        Files.writeString(stat, "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 100 0 100 700 100 0 0 0 0 0\n");
        CpuUsage cpu = new CpuUsage(tmp);
        assertThat(cpu.read()).isNull();
        // +300 busy (user 200, system 50, softirq 50), +100 idle, +100 iowait → 300 of 500 jiffies busy
        Files.writeString(stat, "cpu  300 0 150 800 200 0 50 0 0 0\ncpu0 300 0 150 800 200 0 50 0 0 0\n");
        assertThat(cpu.read()).isCloseTo(60.0, within(1e-9));
        // no time passed: nothing to compare, so no figure rather than a made-up one
        assertThat(cpu.read()).isNull();
    }

    @Test
    void cpuUsageReadsTheFixtureAggregateLine() {
        CpuUsage cpu = new CpuUsage(Fixtures.root("pi4"));
        assertThat(cpu.read()).isNull();
        assertThat(cpu.read()).isNull();
    }

    @Test
    void networkSumsPhysicalInterfacesAndSkipsLoopbackAndContainerBridges() {
        // eth0 + wlan0; lo, docker0 and the veth pair are left out
        assertThat(new Network(Fixtures.root("pi4")).read()).isEqualTo(new Network.Reading(987654321L + 1000, 123456789L + 2000));
        assertThat(new Network(Fixtures.root("pi5")).read()).isEqualTo(new Network.Reading(2_000_000_000L, 300_000_000L));
    }

    @Test
    void networkWithOnlyLoopbackIsNull() {
        assertThat(new Network(Fixtures.root("pc")).read()).isNull();
    }

    @Test
    void uptimeIsSecondsSinceBoot() {
        assertThat(new Uptime(Fixtures.root("pi4")).read()).isEqualTo(12345.67);
        assertThat(new Uptime(Fixtures.root("pi5")).read()).isEqualTo(98765.43);
    }

    @Test
    void thermalPrefersTheCpuThermalZoneInDegrees() {
        assertThat(new Thermal(Fixtures.root("pi4")).read()).isEqualTo(48.686);
        assertThat(new Thermal(Fixtures.root("pi5")).read()).isEqualTo(55.25);
    }

    @Test
    void thermalFallsBackToHwmonPreferringCoretemp() {
        // the pc fixture's only thermal zone has no readable temp; hwmon has acpitz (27.8) and coretemp (51.0)
        assertThat(new Thermal(Fixtures.root("pc")).read()).isEqualTo(51.0);
    }

    @Test
    void thermalPicksPreferredZoneOverOthersAndIgnoresSensorErrors() throws Exception {
        write("sys/class/thermal/thermal_zone0/type", "acpitz");
        write("sys/class/thermal/thermal_zone0/temp", "30000");
        write("sys/class/thermal/thermal_zone1/type", "x86_pkg_temp");
        write("sys/class/thermal/thermal_zone1/temp", "-273000");
        write("sys/class/thermal/thermal_zone10/type", "cpu-thermal");
        write("sys/class/thermal/thermal_zone10/temp", "61000");
        assertThat(new Thermal(tmp).read()).isEqualTo(61.0);
        write("sys/class/thermal/thermal_zone10/temp", "oops");
        assertThat(new Thermal(tmp).read()).isEqualTo(30.0);
    }

    private void write(String rel, String text) throws Exception {
        Path p = tmp.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text + "\n");
    }
}
