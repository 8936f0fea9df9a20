package io.bramble.agent.link;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS to the center: either the JVM's trusted CAs with host-name checks, or a pinned certificate:
 * only a center whose leaf certificate has the configured SHA-256 fingerprint is accepted (CA and
 * host name are then not consulted, so a self-signed center certificate works).
 */
public final class CenterTls {
    private CenterTls() {}

    /** Socket factory for the given pin (64 hex digits, colons allowed), or the default trust when {@code fingerprint} is null. */
    public static SSLSocketFactory socketFactory(String fingerprint) {
        try {
            if (fingerprint == null) return SSLContext.getDefault().getSocketFactory();
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new PinnedTrust(normalise(fingerprint))}, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS to the center: " + e.getMessage(), e);
        }
    }

    /** {@code AB:CD:...} or {@code abcd...} → 64 lower-case hex digits; fails with the accepted forms named. */
    public static String normalise(String fingerprint) {
        String hex = fingerprint.strip().replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.startsWith("sha256/")) hex = hex.substring(7);
        if (!hex.matches("[0-9a-f]{64}"))
            throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits, optionally in pairs separated by ':' (got '" + fingerprint + "')");
        return hex;
    }

    /** SHA-256 of the certificate's DER encoding, as 64 lower-case hex digits (what {@code openssl x509 -fingerprint -sha256} prints, without colons). */
    public static String fingerprintOf(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class PinnedTrust implements X509TrustManager {
        private final String pin;

        PinnedTrust(String pin) {
            this.pin = pin;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) throw new CertificateException("the center sent no certificate");
            String got = fingerprintOf(chain[0]);
            if (!MessageDigest.isEqual(got.getBytes(), pin.getBytes()))
                throw new CertificateException("the center's certificate has SHA-256 fingerprint " + got
                        + " but center.fingerprint is " + pin + "; check you are talking to the right center, or update the fingerprint");
            chain[0].checkValidity();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the agent does not accept client connections");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
