package io.bramble.center.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command and PoE drivers run real programs: a script standing in for snmpset/pinctrl keeps the port state in a file. */
class CommandSwitchTest {
    @TempDir Path dir;
    Path script;

    @BeforeEach
    void script() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh to run the stand-in port script");
        // port.sh STATEDIR PORT on|off|status|watts: what a PoE switch CLI does, keeping state in a file per port
        script = dir.resolve("port.sh");
        Files.writeString(script, """
                #!/bin/sh
                f="$1/port-$2"
                case "$3" in
                  on) echo on > "$f" ;;
                  off) echo off > "$f" ;;
                  status) if [ -f "$f" ]; then cat "$f"; else echo off; fi ;;
                  watts) echo "port $2: 4.75 W" ;;
                  *) echo "unknown action $3" >&2; exit 2 ;;
                esac
                """);
        Files.setPosixFilePermissions(script, Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE, java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE));
    }

    private CommandSwitch poe(String outlet, Duration timeout) {
        String base = script + " " + dir + " {outlet} ";
        return new CommandSwitch("poe", "node03", outlet, base + "on", base + "off", base + "status", base + "watts", timeout);
    }

    @Test
    void aPoePortIsSwitchedAndReadThroughTheCommandTemplates() throws IOException {
        CommandSwitch s = poe("7", Duration.ofSeconds(5));
        assertThat(s.driver()).isEqualTo("poe");
        assertThat(s.status()).isEqualTo(PowerSwitch.State.OFF);
        s.on();
        assertThat(Files.readString(dir.resolve("port-7")).strip()).isEqualTo("on");
        assertThat(s.status()).isEqualTo(PowerSwitch.State.ON);
        s.off();
        assertThat(s.status()).isEqualTo(PowerSwitch.State.OFF);
        assertThat(s.read().orElseThrow().watts()).isEqualTo(4.75);
    }

    @Test
    void templatesAreSplitBeforePlaceholdersAreFilledSoNamesCannotInjectCommands() throws IOException {
        Path pwned = dir.resolve("pwned");
        CommandSwitch s = new CommandSwitch("command", "node01", "1; touch " + pwned, "echo 'outlet is' {outlet} on {node}",
                "echo off", null, null, Duration.ofSeconds(5));
        assertThat(s.argv(CommandSwitch.split("echo 'outlet is' {outlet} on {node}")))
                .containsExactly("echo", "outlet is", "1; touch " + pwned, "on", "node01");
        s.on();
        assertThat(pwned).doesNotExist();
        assertThat(s.status()).isEqualTo(PowerSwitch.State.UNKNOWN); // no status command
        assertThat(s.read()).isEmpty();
    }

    @Test
    void aFailingCommandReportsItsExitCodeAndError() {
        CommandSwitch s = new CommandSwitch("command", "node02", "", script + " " + dir + " 1 explode", "true", null, null, Duration.ofSeconds(5));
        assertThatThrownBy(s::on).isInstanceOf(IOException.class)
                .hasMessageContaining("exit code 2").hasMessageContaining("unknown action explode").hasMessageContaining("node02");
    }

    @Test
    void aHangingCommandIsKilledAtTheTimeout() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sleep")) || Files.isExecutable(Path.of("/usr/bin/sleep")), "needs sleep");
        CommandSwitch s = new CommandSwitch("command", "node04", "", "sleep 30", "true", null, null, Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThatThrownBy(s::on).isInstanceOf(IOException.class).hasMessageContaining("did not finish within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aMissingProgramSaysToInstallIt() {
        CommandSwitch s = new CommandSwitch("command", "node05", "", "no-such-program-bramble on", "true", null, null, Duration.ofSeconds(1));
        assertThatThrownBy(s::on).isInstanceOf(IOException.class).hasMessageContaining("no-such-program-bramble").hasMessageContaining("installed");
    }

    @Test
    void quotesKeepSpacesAndAnUnclosedQuoteIsRefused() {
        assertThat(CommandSwitch.split("snmpset -c \"private com\" host  1.3.6 i 1")).isEqualTo(
                List.of("snmpset", "-c", "private com", "host", "1.3.6", "i", "1"));
        assertThatThrownBy(() -> CommandSwitch.split("echo 'oops")).hasMessageContaining("not closed");
    }
}
