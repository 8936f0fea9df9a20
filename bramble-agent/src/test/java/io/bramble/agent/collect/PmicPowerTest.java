package io.bramble.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PmicPowerTest {
    @Test
    void sumsCurrentTimesVoltageOverThePi5Rails() throws Exception {
        String out = Files.readString(Path.of(getClass().getResource("/fixtures/pi5/vcgencmd-pmic_read_adc.txt").toURI()));
        // rails with both figures: 0.0039*3.735 + 0.0517*3.318 + 0.1727*1.8 + 0.0176*1.111 + 0 + 0.1854*1.110 + 0.3230*0.801
        // + 0.7001*0.724 + 0.00049*3.304 + 0.00043*3.305 + 0.0048*0.8 + 0.0245*5.154 (EXT5V and BATT have no current)
        assertThat(PmicPower.parse(out)).isCloseTo(1.622, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void aBoardWithoutThePmicReportsAbsentAndIsNotAskedAgain() {
        AtomicInteger calls = new AtomicInteger();
        PmicPower p = new PmicPower((cmd, timeout) -> {
            calls.incrementAndGet();
            return "error=1 error_msg=\"Command not registered\"\n";
        });
        assertThat(p.read()).isNull();
        assertThat(p.read()).isNull();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void noVcgencmdMeansAbsent() {
        assertThat(new PmicPower((cmd, timeout) -> null).read()).isNull();
    }
}
