package io.bramble.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static List<Long> delays(long seed, int n) {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(seed));
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(b.next().toMillis());
        return out;
    }

    @Test
    void ceilingDoublesFromOneSecondUpToSixtySeconds() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(1));
        List<Long> ceilings = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ceilings.add(b.ceiling().toSeconds());
            b.next();
        }
        assertThat(ceilings).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void delaysAreFullJitterBelowTheCeiling() {
        List<Long> d = delays(7, 12);
        long[] caps = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000, 60000, 60000};
        for (int i = 0; i < d.size(); i++) assertThat(d.get(i)).isBetween(50L, caps[i]);
        // full jitter spreads the capped delays across the range rather than sitting at the cap
        assertThat(d.subList(6, 12).stream().distinct().count()).isGreaterThan(4);
    }

    @Test
    void theSameSeedGivesTheSameDelaysAndAnotherSeedOthers() {
        assertThat(delays(42, 10)).isEqualTo(delays(42, 10));
        assertThat(delays(42, 10)).isNotEqualTo(delays(43, 10));
    }

    @Test
    void resetStartsOverFromTheInitialDelay() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(3));
        for (int i = 0; i < 5; i++) b.next();
        assertThat(b.ceiling()).isEqualTo(Duration.ofSeconds(32));
        b.reset();
        assertThat(b.ceiling()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.next()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void slowRetriesWaitBetweenHalfAndAllOfTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(5));
        for (int i = 0; i < 50; i++) assertThat(b.slow().toMillis()).isBetween(30_000L, 60_000L);
    }

    @Test
    void manyFailuresDoNotOverflow() {
        Backoff b = new Backoff(Duration.ofMillis(10), Duration.ofHours(1), new Random(9));
        for (int i = 0; i < 1000; i++) assertThat(b.next()).isBetween(Duration.ZERO, Duration.ofHours(1));
    }

    @Test
    void badBoundsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random())).hasMessageContaining("positive");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random())).hasMessageContaining("below");
    }
}
