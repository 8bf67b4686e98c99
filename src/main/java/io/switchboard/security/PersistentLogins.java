package io.switchboard.security;

import io.switchboard.log.LogEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logins that survive a restart: a password login also gets an {@code SBLOGIN} cookie (see
 * {@link LoginCookie}) whose token, stored as a hash in {@link LoginTokens}, restores the login into
 * a new HTTP session when the request has none, as long as the login's own rules would have kept it:
 * a token lives at most {@code switchboard.login.persistent} and only while its login is used
 * within {@code switchboard.session.timeout}; whatever ends the login deletes its tokens. A restore
 * carries the login on under its key (the page's parallel requests may each restore it; they all
 * name the same login, which ends as one), so nothing is rotated.
 */
@ApplicationScoped
public class PersistentLogins {

    private static final Logger LOG = Logger.getLogger(PersistentLogins.class.getName());

    // The in-memory record of when each login's tokens were last moved on is pruned past this size.
    private static final int PRUNE_ABOVE = 1_000;
    private static final long TOUCH_AT_MOST_EVERY_MILLIS = 60_000;

    // login key -> when its tokens' idle limit was last moved on here (millis)
    private final Map<String, Long> touched = new ConcurrentHashMap<>();

    @Inject
    LoginTokens tokens;

    @Inject
    Accounts accounts;

    @Inject
    LoginSessions loginSessions;

    @Inject
    SecuritySettings settings;

    @Resource
    ManagedExecutorService executor;

    private boolean enabled() {
        return !settings.persistentLogin().isZero();
    }

    /**
     * At a password login: the token the request carried, if any, is deleted (the browser gets a
     * new one), and a new token for {@code login} is stored. Returns the {@code Set-Cookie} value
     * to send, or null when there is none (persistent logins are off and no cookie came).
     */
    public String remember(HttpServletRequest request, SessionLogin login) {
        String presented = LoginCookie.value(request);
        if (LoginCookie.wellFormed(presented)) {
            tokens.deleteToken(ApiKeys.sha256(presented));
        }
        if (!enabled()) {
            return presented == null ? null : LoginCookie.clear(path(request), secure(request));
        }
        long now = System.currentTimeMillis();
        tokens.deleteExpired(now);
        String token = LoginCookie.newToken();
        Duration lifetime = settings.persistentLogin();
        tokens.add(new LoginToken(ApiKeys.sha256(token), login.user(), login.key(), now,
                now + lifetime.toMillis(), now + settings.sessionTimeout().toMillis()));
        touched.put(login.key(), now);
        return LoginCookie.set(token, lifetime, path(request), secure(request));
    }

    /**
     * The login the request's cookie restores, in a new HTTP session (a session the request came
     * with, which holds no login, gets a new id), registered as a password login is; empty when
     * the cookie restores nothing. An unknown, malformed, expired or revoked cookie, or one of a
     * user who is gone, disabled or banned, is cleared from the browser.
     */
    public Optional<SessionLogin> restore(HttpServletRequest request, HttpServletResponse response) {
        String presented = enabled() ? LoginCookie.value(request) : null;
        if (presented == null) {
            return Optional.empty();
        }
        // Before the account is read: a ban committed after that read ends logins started before it.
        long now = System.currentTimeMillis();
        Optional<LoginToken> token;
        Optional<Account> account;
        try {
            token = LoginCookie.wellFormed(presented)
                    ? tokens.find(ApiKeys.sha256(presented)).filter(t -> t.validAt(now))
                    : Optional.empty();
            account = token.flatMap(t -> accounts.find(t.username())).filter(a -> !a.disabled() && !a.banned());
        } catch (RuntimeException e) {
            // the database cannot answer: anonymous for now, and the cookie kept for later
            LOG.log(Level.WARNING, "a persistent login could not be checked", e);
            return Optional.empty();
        }
        if (account.isEmpty()) {
            response.addHeader("Set-Cookie", LoginCookie.clear(path(request), secure(request)));
            return Optional.empty();
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            request.changeSessionId();
        } else {
            session = request.getSession(true);
        }
        SessionLogin login = SessionLogin.restore(session, account.get().username(), account.get().roles(),
                token.get().loginKey(), now);
        loginSessions.register(login.key(), login.user(), session);
        session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, settings.sessionTimeout().toSeconds()));
        touch(login);
        LogEvent.of("login.restored").with("user", login.user()).with("address", request.getRemoteAddr()).info(LOG);
        return Optional.of(login);
    }

    /**
     * The login was used: its tokens restore it until a session timeout from now. Written at most
     * once a minute (or a tenth of the session timeout) per login, so a token's idle limit is never
     * later than its session's.
     */
    public void touch(SessionLogin login) {
        if (!enabled()) {
            return;
        }
        long now = System.currentTimeMillis();
        long idle = settings.sessionTimeout().toMillis();
        Long last = touched.get(login.key());
        if (last != null && now - last < Math.min(TOUCH_AT_MOST_EVERY_MILLIS, idle / 10)) {
            return;
        }
        touched.put(login.key(), now);
        if (touched.size() > PRUNE_ABOVE) {
            touched.values().removeIf(t -> now - t > idle);
        }
        try {
            tokens.touch(login.key(), now + idle);
        } catch (RuntimeException e) {
            // the token's idle limit stays where it was: earlier, never later, than the session's
            LOG.log(Level.FINE, "a persistent login's idle limit was not moved on", e);
        }
    }

    /** The login ended: its tokens restore nothing from now on, on any instance. */
    public void endLogin(String loginKey) {
        touched.remove(loginKey);
        tokens.deleteLogin(loginKey);
    }

    /** As {@link #endLogin}, on a managed thread: for the container's own threads, which reach no database. */
    public void endLoginLater(String loginKey) {
        touched.remove(loginKey);
        executor.execute(() -> {
            try {
                tokens.deleteLogin(loginKey);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the persistent login of an ended session was not deleted; it ends with its idle limit", e);
            }
        });
    }

    /** Every login of {@code user} ended (ban, disable, role or password change): none is restored. */
    public void endAllOf(String user) {
        tokens.deleteUser(user);
    }

    /**
     * At a logout: the request's token is deleted, whichever login it belongs to. Returns the
     * {@code Set-Cookie} value that clears it, or null when the request carried none.
     */
    public String forget(HttpServletRequest request) {
        String presented = LoginCookie.value(request);
        if (presented == null) {
            return null;
        }
        if (LoginCookie.wellFormed(presented)) {
            tokens.deleteToken(ApiKeys.sha256(presented));
        }
        return LoginCookie.clear(path(request), secure(request));
    }

    private static String path(HttpServletRequest request) {
        String context = request.getContextPath();
        return context == null || context.isEmpty() ? "/" : context;
    }

    private boolean secure(HttpServletRequest request) {
        return request.isSecure() || settings.cookieSecure();
    }
}
