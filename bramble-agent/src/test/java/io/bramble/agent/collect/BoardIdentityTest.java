package io.bramble.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bramble.core.wire.BoardInfo;
import io.bramble.core.wire.NodeFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardIdentityTest {
    private static final long MB = 1024L * 1024;

    @Test
    void pi4FactsComeFromDeviceTreeAndCpuinfo() {
        NodeFacts f = new BoardIdentity(Fixtures.root("pi4"), "aarch64", "1.2.3").read();
        assertThat(f.model()).isEqualTo("Raspberry Pi 4 Model B Rev 1.4");
        assertThat(f.serial()).isEqualTo("10000000a1b2c3d4");
        assertThat(f.revisionCode()).isEqualTo("c03114");
        assertThat(f.board()).isEqualTo(new BoardInfo("c03114", "4B", 4096 * MB, "Sony UK", "BCM2711", 4));
        assertThat(f.memoryBytes()).isEqualTo(4096 * MB);
        // lo has no device and docker0 is virtual; upper-case MACs are normalised
        assertThat(f.macs()).containsExactly("dc:a6:32:12:34:56", "dc:a6:32:12:34:57");
        assertThat(f.hostname()).isEqualTo("node01");
        assertThat(f.os()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(f.kernel()).isEqualTo("6.6.51+rpt-rpi-v8");
        assertThat(f.arch()).isEqualTo("aarch64");
        assertThat(f.agentVersion()).isEqualTo("1.2.3");
        assertThat(f.simulated()).isFalse();
    }

    @Test
    void pi5FactsDecodeTheBcm2712Board() {
        NodeFacts f = new BoardIdentity(Fixtures.root("pi5"), "aarch64", "1.2.3").read();
        assertThat(f.model()).isEqualTo("Raspberry Pi 5 Model B Rev 1.0");
        assertThat(f.serial()).isEqualTo("e4d5f6a7b8c9d0e1");
        assertThat(f.board()).isEqualTo(new BoardInfo("d04170", "5", 8192 * MB, "Sony UK", "BCM2712", 0));
        assertThat(f.macs()).containsExactly("2c:cf:67:aa:bb:01", "2c:cf:67:aa:bb:02");
        assertThat(f.hostname()).isEqualTo("node02");
        assertThat(f.kernel()).isEqualTo("6.6.51+rpt-rpi-2712");
    }

    @Test
    void offAPiTheSerialIsTheMachineIdAndPiFieldsAreNull() {
        NodeFacts f = new BoardIdentity(Fixtures.root("pc"), "x86_64", "1.2.3").read();
        assertThat(f.serial()).isEqualTo("3d1219c7c4c5404aaa1f6d2a48adfda4");
        assertThat(f.model()).isNull();
        assertThat(f.revisionCode()).isNull();
        assertThat(f.board()).isNull();
        assertThat(f.memoryBytes()).isEqualTo(16323820L * 1024);
        assertThat(f.macs()).containsExactly("3c:52:82:01:02:03");
        assertThat(f.os()).isEqualTo("Ubuntu 24.04.1 LTS");
        assertThat(f.hostname()).isEqualTo("workstation");
    }

    @Test
    void aMachineWithNoSerialAndNoMachineIdIsRefusedWithTheFilesNamed(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("proc/sys/kernel"));
        Files.writeString(tmp.resolve("proc/sys/kernel/hostname"), "box\n");
        assertThatThrownBy(() -> new BoardIdentity(tmp, "x86_64", "1").read())
                .hasMessageContaining("machine-id").hasMessageContaining("cpuinfo");
    }

    @Test
    void cpuinfoFieldsAreFoundWhateverTheTabs() {
        String cpuinfo = "processor\t: 0\nRevision\t: c03114\nSerial\t\t: 10000000a1b2c3d4\n";
        assertThat(BoardIdentity.cpuinfoField(cpuinfo, "Serial")).isEqualTo("10000000a1b2c3d4");
        assertThat(BoardIdentity.cpuinfoField(cpuinfo, "Model")).isNull();
    }

    @Test
    void jvmArchitecturesAreSpelledLikeUname() {
        assertThat(List.of("amd64", "aarch64", "arm").stream().map(BoardIdentity::unameArch))
                .containsExactly("x86_64", "aarch64", "armv7l");
    }
}
