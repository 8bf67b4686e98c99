package io.switchboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live login sessions, by session key. The container never expires a session while one of
 * its WebSocket upgrades is open, so expiry of such sessions is decided here from their last HTTP
 * access; and an admin's change to a user ends all of that user's sessions.
 */
@ApplicationScoped
public class LoginSessions {

    private record Login(String user, HttpSession session) {
    }

    private final Map<String, Login> byKey = new ConcurrentHashMap<>();

    public void register(String key, String user, HttpSession session) {
        byKey.put(key, new Login(user, session));
    }

    public void forget(String key) {
        byKey.remove(key);
    }

    /** Whether the session has gone unused over HTTP for longer than its timeout. */
    public boolean isExpired(String key, long nowMillis) {
        Login login = byKey.get(key);
        if (login == null) {
            return false;
        }
        try {
            int timeoutSeconds = login.session().getMaxInactiveInterval();
            return timeoutSeconds > 0 && nowMillis - login.session().getLastAccessedTime() > timeoutSeconds * 1000L;
        } catch (IllegalStateException invalidated) {
            return true;
        }
    }

    public List<String> keysOf(String user) {
        return byKey.entrySet().stream().filter(e -> e.getValue().user().equals(user)).map(Map.Entry::getKey).toList();
    }

    /** Ends the session; call after its connections have been closed, or they get the container's 1008. */
    public void invalidate(String key) {
        Login login = byKey.remove(key);
        if (login != null) {
            try {
                login.session().invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // ended meanwhile
            }
        }
    }
}
