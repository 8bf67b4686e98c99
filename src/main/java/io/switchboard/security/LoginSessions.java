package io.switchboard.security;

import io.switchboard.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live login sessions, by session key. The container never expires a session while one of
 * its WebSocket upgrades is open, so expiry of such sessions is decided here from their last HTTP
 * access; and an admin's change to a user ends all of that user's sessions.
 *
 * <p>Clustered, a session is replicated: another instance serves its own copy, loaded once, and
 * does not see what this one changes in it later. So a login is registered where it was started
 * (its home, which decides its expiry) and as a copy wherever a request used it; and every
 * instance remembers, for the session timeout, which logins ended (by key) and whose logins ended
 * when (by user), and refuses a copy of such a login whatever the copy says.
 */
@ApplicationScoped
public class LoginSessions {

    private record Login(String user, HttpSession session, boolean copy) {
    }

    // Ended logins are pruned of entries past their time once there are this many.
    private static final int PRUNE_ABOVE = 1_000;

    // Beyond the close timeout, after which every socket of an ended session is closed or dropped.
    private static final long INVALIDATE_GRACE_MILLIS = 2_000;

    private final Map<String, Login> byKey = new ConcurrentHashMap<>();
    // Each until when it is remembered (millis): ended login keys, and users whose logins started
    // before a moment (the value's first element) ended.
    private final Map<String, Long> endedKeys = new ConcurrentHashMap<>();
    private final Map<String, long[]> endedUsers = new ConcurrentHashMap<>();

    @Inject
    ScheduledExecutorService scheduler;

    @Inject
    Settings settings;

    @Inject
    SecuritySettings security;

    /** A login started on this instance. */
    public void register(String key, String user, HttpSession session) {
        byKey.put(key, new Login(user, session, false));
    }

    /**
     * A request was authenticated by the login in {@code session}: if it was started on another
     * instance, this copy of its session is remembered, so ending the login here reaches it.
     */
    public void seen(SessionLogin login, HttpSession session) {
        Login known = byKey.get(login.key());
        if (known == null) {
            byKey.putIfAbsent(login.key(), new Login(login.user(), session, true));
        } else if (!known.copy() && !sameSession(known.session(), session)) {
            // Parallel requests restored a persistent login into a session each: the one in use
            // decides when the login expires.
            byKey.replace(login.key(), known, new Login(login.user(), session, false));
        }
    }

    /**
     * Whether {@code session} holds login {@code key} here but is not the session registered for
     * it (another one of the same login is in use), so its end says nothing of the login.
     */
    public boolean isOtherSessionOf(String key, HttpSession session) {
        Login known = byKey.get(key);
        return known != null && !known.copy() && !sameSession(known.session(), session);
    }

    private static boolean sameSession(HttpSession a, HttpSession b) {
        try {
            if (a == b) {
                return true;
            }
            String id = a.getId();
            return id != null && id.equals(b.getId());
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }

    /** Forgets the login; a copy of its session also loses it here. */
    public void forget(String key) {
        Login login = byKey.remove(key);
        if (login != null && login.copy()) {
            SessionLogin.clear(login.session());
        }
    }

    /** Whether the login is registered here as a copy of a session started on another instance. */
    public boolean isCopy(String key) {
        Login login = byKey.get(key);
        return login != null && login.copy();
    }

    /** The login {@code key} ended (on any instance): a session that still holds it is refused. */
    public void ended(String key) {
        endedKeys.put(key, rememberUntil());
        if (endedKeys.size() > PRUNE_ABOVE) {
            long now = System.currentTimeMillis();
            endedKeys.values().removeIf(until -> until < now);
        }
    }

    /** Every login of {@code user} started before {@code atMillis} ended (on any instance). */
    public void endedAllOf(String user, long atMillis) {
        endedUsers.merge(user, new long[] {atMillis, rememberUntil()},
                (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
        if (endedUsers.size() > PRUNE_ABOVE) {
            long now = System.currentTimeMillis();
            endedUsers.values().removeIf(e -> e[1] < now);
        }
    }

    /** Whether the login has ended, though a session (a copy, on a cluster) still holds it. */
    public boolean hasEnded(SessionLogin login) {
        if (endedKeys.containsKey(login.key())) {
            return true;
        }
        long[] cut = endedUsers.get(login.user());
        // Strictly before: a login checked in the same millisecond as the end may be the new one.
        return cut != null && login.started() < cut[0];
    }

    // A session that holds an ended login lives at most its timeout past its last use.
    private long rememberUntil() {
        return System.currentTimeMillis() + security.sessionTimeout().toMillis() + settings.closeTimeout().toMillis();
    }

    /**
     * Whether the session has gone unused over HTTP for longer than its timeout. Decided where the
     * login started: a copy elsewhere sees only the requests made to its own instance.
     */
    public boolean isExpired(String key, long nowMillis) {
        Login login = byKey.get(key);
        if (login == null || login.copy()) {
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
