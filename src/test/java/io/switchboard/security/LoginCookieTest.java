package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SBLOGIN cookie's token format and attributes. */
class LoginCookieTest {

    @Test
    void aNewTokenIs32RandomBytesInBase64UrlWithoutPadding() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = LoginCookie.newToken();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(LoginCookie.wellFormed(token)).isTrue();
            tokens.add(token);
        }
        assertThat(tokens).hasSize(100);
    }

    @Test
    void anythingElseIsMalformedAndNeverLookedUp() {
        String token = LoginCookie.newToken();
        assertThat(LoginCookie.wellFormed(null)).isFalse();
        assertThat(LoginCookie.wellFormed("")).isFalse();
        assertThat(LoginCookie.wellFormed(token.substring(1))).isFalse();
        assertThat(LoginCookie.wellFormed(token + "A")).isFalse();
        assertThat(LoginCookie.wellFormed(token.substring(1) + "=")).isFalse();
        assertThat(LoginCookie.wellFormed(token.substring(1) + "/")).isFalse();
        assertThat(LoginCookie.wellFormed(token.substring(1) + "+")).isFalse();
        assertThat(LoginCookie.wellFormed("A".repeat(10_000))).isFalse();
    }

    @Test
    void theCookieIsHttpOnlySameSiteLaxAndSecureWhenAsked() {
        assertThat(LoginCookie.set("abc", Duration.ofDays(7), "/", false))
                .isEqualTo("SBLOGIN=abc; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax");
        assertThat(LoginCookie.set("abc", Duration.ofHours(1), "/chat", true))
                .isEqualTo("SBLOGIN=abc; Max-Age=3600; Path=/chat; HttpOnly; SameSite=Lax; Secure");
    }

    @Test
    void clearingItExpiresItAtOnceWithTheSameAttributes() {
        assertThat(LoginCookie.clear("/", true)).isEqualTo("SBLOGIN=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax; Secure");
    }
}
