package io.switchboard.security;

import io.switchboard.config.Settings;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The live login sessions, by session key. The container never expires a session while one of
 * its WebSocket upgrades is open, so expiry of such sessions is decided here from their last HTTP
 * access; and an admin's change to a user ends all of that user's sessions.
 */
@ApplicationScoped
public class LoginSessions {

    private record Login(String user, HttpSession session) {
    }

    // Beyond the close timeout, after which every socket of an ended session is closed or dropped.
    private static final long INVALIDATE_GRACE_MILLIS = 2_000;

    private final Map<String, Login> byKey = new ConcurrentHashMap<>();

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Settings settings;

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

    /** Ends the login called {@code key}; call after its connections have been closed. */
    public void end(String key) {
        Login login = byKey.remove(key);
        if (login != null) {
            end(login.session());
        }
    }

    /**
     * Ends the session's login at once, and the session itself once its sockets are gone. An
     * invalidated session makes the container close its WebSockets itself, with 1008 and on the
     * invalidating thread: for a logout that is an HTTP thread, where a close corrupts later
     * requests (see {@code Connection.closeNow}). Without its login the session authenticates
     * nothing, so it is invalidated off the HTTP threads after the close timeout, by when its
     * sockets have closed or been dropped.
     */
    public void end(HttpSession session) {
        SessionLogin.clear(session);
        scheduler.schedule(() -> invalidate(session), settings.closeTimeout().toMillis() + INVALIDATE_GRACE_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private static void invalidate(HttpSession session) {
        try {
            if (SessionLogin.of(session) != null) {
                return; // a new login took the session over (under a new id) meanwhile
            }
            session.invalidate();
        } catch (IllegalStateException alreadyInvalid) {
            // ended meanwhile
        }
    }
}
