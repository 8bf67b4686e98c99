package io.switchboard.security;

import io.switchboard.cluster.ClusterBus;
import io.switchboard.cluster.Disconnect;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.ShutdownDrain;
import io.switchboard.protocol.CloseCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpSession;

/**
 * Ends logins and closes their connections, on every instance: each request goes out on the
 * {@link ClusterBus}, which applies it here (and, clustered, everywhere). A login's connections
 * are closed before its HTTP session is invalidated, and never on the caller's thread (see
 * {@link LoginSessions#end(jakarta.servlet.http.HttpSession)}).
 */
@ApplicationScoped
public class SessionTerminator {

    @Inject
    ClusterBus bus;

    @Inject
    ConnectionRegistry registry;

    @Inject
    LoginSessions loginSessions;

    @Inject
    PersistentLogins persistentLogins;

    @Inject
    ConnectingAccounts connectingAccounts;

    /**
     * A login ended (logout, another user's login in the same HTTP session, or the container ended
     * the session): its connections close with 4001 and it is forgotten. The caller ends the HTTP
     * session, if that is still to be done.
     */
    public void endLogin(String sessionKey) {
        persistentLogins.endLogin(sessionKey);
        bus.disconnect(new Disconnect.Login(sessionKey, false));
    }

    /** A login gone unused past its timeout: its connections close with 4001, then its session ends. */
    public void expireLogin(String sessionKey) {
        persistentLogins.endLogin(sessionKey);
        bus.disconnect(new Disconnect.Login(sessionKey, true));
    }

    /**
     * Closes every connection of the user or API key called {@code name} with {@code code}, and
     * with {@code endSessions} ends the user's logins too. Returns how many connections this
     * instance closed.
     */
    public int disconnectUser(String name, CloseCode code, boolean endSessions) {
        if (endSessions) {
            persistentLogins.endAllOf(name);
        }
        return bus.disconnect(new Disconnect.User(name, code, endSessions, System.currentTimeMillis()));
    }

    /**
     * The container ended the HTTP session holding login {@code sessionKey}. Where the login was
     * started, that ends it everywhere; a copy of the session on another instance (clustered)
     * ending says nothing of the login, which may be in use on its home instance, nor does another
     * session of the login here that is no longer the one in use (parallel requests restored the
     * login into a session each). Sessions ended by a stopping server keep their persistent login,
     * which is what restores them after the restart.
     */
    public void sessionDestroyed(String sessionKey, HttpSession session) {
        if (loginSessions.isCopy(sessionKey)) {
            loginSessions.forget(sessionKey);
        } else if (loginSessions.isOtherSessionOf(sessionKey, session)) {
            return;
        } else if (ShutdownDrain.stopping()) {
            bus.disconnect(new Disconnect.Login(sessionKey, false));
        } else {
            // on the container's thread, which reaches no database
            persistentLogins.endLoginLater(sessionKey);
            bus.disconnect(new Disconnect.Login(sessionKey, false));
        }
    }

    /** Closes the connections a revoked API key opened, with 4003, once the send in flight is done. */
    public void disconnectApiKey(String name) {
        bus.disconnect(new Disconnect.ApiKey(name));
    }

    /**
     * Applies a disconnect to this instance's connections and logins, whichever instance asked;
     * each close is started before a session is invalidated, and an ended login is refused from
     * then on, in whatever copy of its session. Returns how many connections were closed.
     */
    public int disconnectHere(Disconnect disconnect) {
        if (disconnect instanceof Disconnect.Login login) {
            String key = login.sessionKey();
            int closed = registry.closeAllNow(c -> key.equals(c.identity().sessionKey()), CloseCode.SESSION_ENDED);
            loginSessions.ended(key);
            if (login.expired()) {
                loginSessions.end(key);
            } else {
                loginSessions.forget(key);
            }
            return closed;
        }
        if (disconnect instanceof Disconnect.User user) {
            // A ban, disable or role change comes this way, after its commit: from now on the
            // handshake gate reads the account again (a connection it let through before is closed
            // here or, opening later, by the registry's record of this close).
            connectingAccounts.forget(user.name());
            int closed = registry.closeAllNow(c -> c.name().equals(user.name()), user.code());
            if (user.endSessions()) {
                loginSessions.endedAllOf(user.name(), user.atMillis());
                loginSessions.keysOf(user.name()).forEach(loginSessions::end);
            }
            return closed;
        }
        Disconnect.ApiKey key = (Disconnect.ApiKey) disconnect;
        return registry.closeAll(c -> c.name().equals(key.name()) && c.identity().sessionKey() == null, CloseCode.KICKED);
    }
}
