package io.switchboard.security;

import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A random key stored in a login's HTTP session. The container changes the session id at login
 * and logout, so connections are tied to this key, which stays with the session.
 */
public final class SessionKey {

    public static final String ATTRIBUTE = "switchboard.session-key";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionKey() {
    }

    /** Gives the session a new key and returns it. */
    public static String assign(HttpSession session) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String key = HexFormat.of().formatHex(bytes);
        session.setAttribute(ATTRIBUTE, key);
        return key;
    }

    /** The key of {@code session}, or null when it has none (no login through /api/login). */
    public static String of(HttpSession session) {
        return session == null ? null : (String) session.getAttribute(ATTRIBUTE);
    }
}
