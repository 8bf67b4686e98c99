package io.switchboard.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The {@code SBLOGIN} cookie of a persistent login: 32 random bytes, base64url without padding.
 * Written by hand, since the servlet API's cookie has no SameSite: {@code HttpOnly} (no script
 * reads it), {@code SameSite=Lax} (no cross-site POST or handshake carries it), {@code Secure} when
 * asked.
 */
final class LoginCookie {

    static final String NAME = "SBLOGIN";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private LoginCookie() {
    }

    static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Whether {@code value} can be a token at all; anything else is refused before a query. */
    static boolean wellFormed(String value) {
        return value != null && TOKEN.matcher(value).matches();
    }

    /** The value of the request's first {@code SBLOGIN} cookie, or null when it sent none. */
    static String value(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName())) {
                return cookie.getValue() == null ? "" : cookie.getValue();
            }
        }
        return null;
    }

    /** The {@code Set-Cookie} value that gives the browser {@code token} for {@code maxAge}. */
    static String set(String token, Duration maxAge, String path, boolean secure) {
        return NAME + "=" + token + "; Max-Age=" + maxAge.toSeconds() + attributes(path, secure);
    }

    /** The {@code Set-Cookie} value that makes the browser forget the cookie. */
    static String clear(String path, boolean secure) {
        return NAME + "=; Max-Age=0" + attributes(path, secure);
    }

    private static String attributes(String path, boolean secure) {
        return "; Path=" + path + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
