package io.switchboard.security;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * A password login, kept in its HTTP session: who logged in, with which roles, a random key that
 * names the login, and when the password was checked ({@code started}, millis). The container
 * changes the session id at login, so connections are tied to the key, which stays with the
 * login. Only {@code POST /api/login} puts one in a session; an API key never has a session.
 */
public record SessionLogin(String user, Set<Role> roles, String key, long started) implements Serializable {

    private static final String ATTRIBUTE = "switchboard.login";
    private static final SecureRandom RANDOM = new SecureRandom();

    public SessionLogin {
        roles = Set.copyOf(roles);
    }

    /** Records a new login of {@code user} in {@code session}, keeping the key if it was already theirs. */
    public static SessionLogin start(HttpSession session, String user, Set<Role> roles) {
        SessionLogin previous = of(session);
        String key = previous != null && previous.user().equals(user) ? previous.key() : newKey();
        SessionLogin login = new SessionLogin(user, roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles), key,
                System.currentTimeMillis());
        session.setAttribute(ATTRIBUTE, login);
        return login;
    }

    /**
     * Records in {@code session} the login {@code key} of {@code user}, carried on from a
     * persistent login (see {@link PersistentLogins}) with the roles the account has now.
     */
    static SessionLogin restore(HttpSession session, String user, Set<Role> roles, String key, long startedMillis) {
        SessionLogin login = new SessionLogin(user, roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles), key, startedMillis);
        session.setAttribute(ATTRIBUTE, login);
        return login;
    }

    /** The login held by {@code session}, or null when there is none. */
    public static SessionLogin of(HttpSession session) {
        if (session == null) {
            return null;
        }
        try {
            return session.getAttribute(ATTRIBUTE) instanceof SessionLogin login ? login : null;
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    /** Removes the login from {@code session}, which then authenticates nothing. */
    public static void clear(HttpSession session) {
        try {
            session.removeAttribute(ATTRIBUTE);
        } catch (IllegalStateException invalidated) {
            // nothing left to clear
        }
    }

    /** The key of the login in {@code session}, or null. */
    public static String keyOf(HttpSession session) {
        SessionLogin login = of(session);
        return login == null ? null : login.key();
    }

    private static String newKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
