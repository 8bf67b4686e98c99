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

    public static void assign(HttpSession session) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        session.setAttribute(ATTRIBUTE, HexFormat.of().formatHex(bytes));
    }

    /** The key of {@code session}, or null when it has none (no login through /api/login). */
    public static String of(HttpSession session) {
        return session == null ? null : (String) session.getAttribute(ATTRIBUTE);
    }
}
