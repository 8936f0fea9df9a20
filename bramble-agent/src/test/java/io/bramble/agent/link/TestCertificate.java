package io.bramble.agent.link;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;

/** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, for a center on loopback over TLS. */
public record TestCertificate(SSLContext serverContext, X509Certificate certificate) {
    private static final char[] PASSWORD = "changeit".toCharArray();

    public static TestCertificate create(Path dir) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Assumptions.assumeTrue(Files.isExecutable(keytool), "keytool not found at " + keytool + "; TLS tests need a full JDK");
        Path ks = dir.resolve("center.p12");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "center", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("keytool failed: " + out);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return new TestCertificate(ctx, (X509Certificate) store.getCertificate("center"));
    }

    public String fingerprint() {
        return CenterTls.fingerprintOf(certificate);
    }

    /** The fingerprint in the colon-separated upper-case form openssl prints. */
    public String opensslStyleFingerprint() {
        String hex = fingerprint().toUpperCase(java.util.Locale.ROOT);
        return String.join(":", List.of(hex.split("(?<=\\G..)")));
    }
}
