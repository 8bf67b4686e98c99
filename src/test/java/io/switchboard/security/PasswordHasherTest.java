package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    // Made by Jakarta Security's Pbkdf2PasswordHash with its defaults (2,048 iterations), which
    // stored every password before the parameters became configurable; the password is "demo".
    private static final String OLD_DEFAULT = oldDefaultHashOfDemo();

    private final PasswordHasher hasher = new PasswordHasher("PBKDF2WithHmacSHA256", 2000);

    @Test
    void verifiesWhatItHashedAndNothingElse() {
        String stored = hasher.hash("correct horse".toCharArray());

        assertThat(stored).startsWith("PBKDF2WithHmacSHA256:2000:");
        assertThat(hasher.verify("correct horse".toCharArray(), stored)).isTrue();
        assertThat(hasher.verify("correct horsE".toCharArray(), stored)).isFalse();
        assertThat(hasher.needsRehash(stored)).isFalse();
    }

    @Test
    void hashesMadeWithWeakerParametersVerifyAndNeedARehash() {
        assertThat(hasher.verify("demo".toCharArray(), OLD_DEFAULT)).isTrue();
        assertThat(new PasswordHasher("PBKDF2WithHmacSHA256", 2048).needsRehash(OLD_DEFAULT)).isFalse();
        assertThat(new PasswordHasher("PBKDF2WithHmacSHA256", 600_000).needsRehash(OLD_DEFAULT)).isTrue();
        assertThat(new PasswordHasher("PBKDF2WithHmacSHA512", 1000).needsRehash(OLD_DEFAULT)).isTrue();
    }

    @Test
    void unreadableHashesNeverVerify() {
        for (String stored : new String[] {"", "plain", "MD5:1:AAAA:AAAA", "PBKDF2WithHmacSHA256:x:AA:AA",
                "PBKDF2WithHmacSHA256:0:AAAA:AAAA", "PBKDF2WithHmacSHA256:1000:%%%:AAAA"}) {
            assertThat(hasher.verify("demo".toCharArray(), stored)).as(stored).isFalse();
            assertThat(hasher.needsRehash(stored)).as(stored).isTrue();
        }
    }

    @Test
    void refusesUnknownAlgorithms() {
        assertThatThrownBy(() -> new PasswordHasher("MD5", 1000)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String oldDefaultHashOfDemo() {
        // Same format and parameters as Pbkdf2PasswordHashImpl's defaults: 32-byte salt and key.
        try {
            byte[] salt = new byte[32];
            for (int i = 0; i < salt.length; i++) {
                salt[i] = (byte) i;
            }
            byte[] key = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new javax.crypto.spec.PBEKeySpec("demo".toCharArray(), salt, 2048, 256)).getEncoded();
            java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
            return "PBKDF2WithHmacSHA256:2048:" + b64.encodeToString(salt) + ":" + b64.encodeToString(key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
