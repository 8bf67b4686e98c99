package io.switchboard.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 password hashes, stored as {@code ALGORITHM:ITERATIONS:SALT:HASH} (base64), the format of
 * Jakarta Security's {@code Pbkdf2PasswordHash}, so hashes written before keep verifying. A hash
 * made with weaker parameters than the configured ones {@link #needsRehash needs a rehash}.
 */
public final class PasswordHasher {

    public static final Set<String> ALGORITHMS = Set.of(
            "PBKDF2WithHmacSHA256", "PBKDF2WithHmacSHA384", "PBKDF2WithHmacSHA512");
    private static final int SALT_BYTES = 32;
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String algorithm;
    private final int iterations;
    // Verified when the user name matches no account, so that case costs the same as a wrong password.
    private final String decoy;

    public PasswordHasher(String algorithm, int iterations) {
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("unsupported password hash algorithm " + algorithm);
        }
        this.algorithm = algorithm;
        this.iterations = iterations;
        this.decoy = hash("decoy".toCharArray());
    }

    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return algorithm + ":" + iterations + ":" + b64.encodeToString(salt) + ":"
                + b64.encodeToString(pbkdf2(password, salt, algorithm, iterations, KEY_BYTES));
    }

    /** Whether {@code password} matches {@code stored}; false for a hash it cannot read. */
    public boolean verify(char[] password, String stored) {
        Stored s = Stored.parse(stored);
        if (s == null) {
            return false;
        }
        byte[] computed = pbkdf2(password, s.salt(), s.algorithm(), s.iterations(), s.hash().length);
        return MessageDigest.isEqual(computed, s.hash());
    }

    /** Spends the time of one verification without a stored hash to compare with. */
    public void verifyNothing(char[] password) {
        verify(password, decoy);
    }

    /** Whether {@code stored} was made with other parameters than the configured ones. */
    public boolean needsRehash(String stored) {
        Stored s = Stored.parse(stored);
        return s == null || !s.algorithm().equals(algorithm) || s.iterations() < iterations
                || s.hash().length < KEY_BYTES || s.salt().length < SALT_BYTES;
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, String algorithm, int iterations, int keyBytes) {
        try {
            return SecretKeyFactory.getInstance(algorithm)
                    .generateSecret(new PBEKeySpec(password, salt, iterations, keyBytes * 8)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(String algorithm, int iterations, byte[] salt, byte[] hash) {

        static Stored parse(String text) {
            String[] parts = text == null ? new String[0] : text.split(":");
            if (parts.length != 4 || !(ALGORITHMS.contains(parts[0]) || "PBKDF2WithHmacSHA224".equals(parts[0]))) {
                return null;
            }
            try {
                Base64.Decoder b64 = Base64.getDecoder();
                int iterations = Integer.parseInt(parts[1]);
                return iterations > 0 ? new Stored(parts[0], iterations, b64.decode(parts[2]), b64.decode(parts[3])) : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
