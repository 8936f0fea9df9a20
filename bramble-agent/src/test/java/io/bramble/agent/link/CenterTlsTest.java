package io.bramble.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bramble.core.wire.DesiredState;
import io.bramble.core.wire.Heartbeat;
import io.bramble.core.wire.Sample;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CenterTlsTest {
    @TempDir static Path dir;
    static TestCertificate cert;
    static FakeCenter center;

    @BeforeAll
    static void startTlsCenter() throws Exception {
        cert = TestCertificate.create(dir);
        center = new FakeCenter(cert.serverContext());
        center.credentials.add("cred");
    }

    @AfterAll
    static void stop() {
        if (center != null) center.close();
    }

    private static CenterClient client(String pin) {
        return new CenterClient(new HttpClient11(URI.create(center.url()), CenterTls.socketFactory(pin), pin == null,
                Duration.ofSeconds(5), Duration.ofSeconds(5), "t"));
    }

    private static Heartbeat beat() {
        return new Heartbeat(new Sample(Instant.now(), null, null, null, null, null, null, null, null, null, null, null, null, null, null));
    }

    @Test
    void aPinnedSelfSignedCenterIsTrusted() throws Exception {
        try (CenterClient c = client(cert.opensslStyleFingerprint())) {
            assertThat(c.heartbeat("cred", beat())).isEqualTo(new DesiredState("up", false, 0));
            // and again over the kept-alive TLS connection
            assertThat(c.heartbeat("cred", beat()).health()).isEqualTo("up");
        }
    }

    @Test
    void aCenterWithAnotherCertificateIsRefusedNamingBothFingerprints() {
        String wrong = "00".repeat(32);
        try (CenterClient c = client(wrong)) {
            assertThatThrownBy(() -> c.heartbeat("cred", beat())).isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining(cert.fingerprint()).hasStackTraceContaining("center.fingerprint");
        }
    }

    @Test
    void withoutAPinASelfSignedCenterIsNotTrusted() {
        try (CenterClient c = client(null)) {
            assertThatThrownBy(() -> c.heartbeat("cred", beat())).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void fingerprintsAreAcceptedWithOrWithoutColonsAndRefusedOtherwise() {
        assertThat(CenterTls.normalise(cert.opensslStyleFingerprint())).isEqualTo(cert.fingerprint());
        assertThatThrownBy(() -> CenterTls.normalise("abc")).hasMessageContaining("64 hex digits");
    }
}
