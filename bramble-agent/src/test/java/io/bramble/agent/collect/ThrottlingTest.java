package io.bramble.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.bramble.core.wire.Throttled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThrottlingTest {
    @Test
    void parsesUnderVoltageAndThrottlingNowAndSinceBoot() {
        Throttled t = Throttling.parse("throttled=0x50005\n");
        assertThat(t.raw()).isEqualTo(0x50005);
        assertThat(t.underVoltage()).isTrue();
        assertThat(t.throttled()).isTrue();
        assertThat(t.freqCapped()).isFalse();
        assertThat(t.underVoltageOccurred()).isTrue();
        assertThat(t.throttledOccurred()).isTrue();
        assertThat(t.anyNow()).isTrue();
        assertThat(Throttling.parse("throttled=0x0").anyNow()).isFalse();
        assertThat(Throttling.parse("throttled=0")).isEqualTo(Throttled.fromBits(0));
    }

    @Test
    void unexpectedOutputIsNull() {
        assertThat(Throttling.parse("VCHI initialization failed")).isNull();
        assertThat(Throttling.parse("throttled=0x123456789abcdef")).isNull();
    }

    @Test
    void missingVcgencmdIsNullAndNotLookedForAgain() {
        AtomicInteger calls = new AtomicInteger();
        Throttling t = new Throttling((cmd, timeout) -> {
            calls.incrementAndGet();
            return null;
        });
        assertThat(t.read()).isNull();
        assertThat(t.read()).isNull();
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailingVcgencmdIsNullButTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        Throttling t = new Throttling((cmd, timeout) -> {
            calls.incrementAndGet();
            throw new IOException("exit 255: VCHI initialization failed");
        });
        assertThat(t.read()).isNull();
        assertThat(t.read()).isNull();
        assertThat(calls).hasValue(2);
    }

    @Test
    void runsARealProgramThroughProcessCommandRunner(@TempDir Path tmp) throws Exception {
        Path fake = tmp.resolve("vcgencmd");
        Files.writeString(fake, "#!/bin/sh\n[ \"$1\" = get_throttled ] && echo throttled=0x50000\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Throttled t = new Throttling(new ProcessCommandRunner(), fake.toString()).read();
        assertThat(t).isEqualTo(Throttled.fromBits(0x50000));
        assertThat(t.anyNow()).isFalse();
        assertThat(t.underVoltageOccurred()).isTrue();
    }

    @Test
    void aHungProgramIsStoppedAtTheTimeout(@TempDir Path tmp) throws Exception {
        Path hung = tmp.resolve("hung");
        Files.writeString(hung, "#!/bin/sh\nexec sleep 30\n");
        Files.setPosixFilePermissions(hung, PosixFilePermissions.fromString("rwx------"));
        long t0 = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ProcessCommandRunner().run(List.of(hung.toString()), Duration.ofMillis(300)))
                .isInstanceOf(IOException.class).hasMessageContaining("did not finish");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
    }

    @Test
    void aFailingProgramReportsItsExitCodeAndOutput(@TempDir Path tmp) throws Exception {
        Path failing = tmp.resolve("vcgencmd");
        Files.writeString(failing, "#!/bin/sh\necho 'VCHI initialization failed'\nexit 255\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ProcessCommandRunner().run(List.of(failing.toString(), "get_throttled"), Duration.ofSeconds(5)))
                .hasMessageContaining("exited with 255").hasMessageContaining("VCHI initialization failed");
    }

    @Test
    void processCommandRunnerReturnsNullForAProgramThatIsNotInstalled() throws Exception {
        assertThat(new ProcessCommandRunner().run(List.of("bramble-no-such-program-xyz"), Duration.ofSeconds(1))).isNull();
    }
}
