package io.bramble.center.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bramble.center.TestCenter;

/** An API token's last use is shown in the token list, and written at most once a minute (lookups are on every request). */
class TokenUseTest {
    @TempDir Path dir;

    @Test
    void anApiTokensLastUseIsWrittenAtMostOnceAMinute() {
        try (TestCenter tc = new TestCenter(dir)) {
            String token = tc.token("viewer");
            assertThat(lastUsed(tc)).isNull();

            assertThat(tc.http.get("/api/v1/nodes", token).status()).isEqualTo(200);
            Instant first = tc.clock.instant();
            assertThat(lastUsed(tc)).isEqualTo(first);

            tc.clock.advance(Duration.ofSeconds(30));
            assertThat(tc.http.get("/api/v1/nodes", token).status()).isEqualTo(200);
            assertThat(lastUsed(tc)).as("used again within the minute: not written").isEqualTo(first);

            tc.clock.advance(Duration.ofSeconds(31));
            assertThat(tc.http.get("/api/v1/nodes", token).status()).isEqualTo(200);
            assertThat(lastUsed(tc)).isEqualTo(tc.clock.instant());
        }
    }

    private static Instant lastUsed(TestCenter tc) {
        return tc.center.auth().listTokens().stream().filter(t -> t.name().equals("viewer-test")).findFirst().orElseThrow().lastUsedAt();
    }
}
