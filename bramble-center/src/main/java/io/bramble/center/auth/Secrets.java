package io.bramble.center.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer secrets: {@code PREFIX_ID.SECRET}. The id finds the row, the secret is checked against its
 * SHA-256 (secrets are 256 random bits, so a fast hash is enough; passwords use {@link Passwords}).
 */
public final class Secrets {
    private static final char[] ID_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private final SecureRandom random;

    public Secrets(SecureRandom random) {
        this.random = random;
    }

    public String newId() {
        char[] c = new char[12];
        for (int i = 0; i < c.length; i++) c[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
        return new String(c);
    }

    public String newSecret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean matches(String secret, String storedHash) {
        return storedHash != null && MessageDigest.isEqual(
                sha256(secret).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** The parts of {@code PREFIX_ID.SECRET}, or null when the text is not of that form. */
    public static String[] split(String bearer, String prefix) {
        if (bearer == null || !bearer.startsWith(prefix + "_")) return null;
        String rest = bearer.substring(prefix.length() + 1);
        int dot = rest.indexOf('.');
        if (dot < 1 || dot == rest.length() - 1 || rest.length() > 200) return null;
        return new String[] {rest.substring(0, dot), rest.substring(dot + 1)};
    }
}
