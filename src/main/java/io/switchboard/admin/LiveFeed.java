package io.switchboard.admin;

import io.switchboard.protocol.CloseCode;
import io.switchboard.security.LoginSessions;
import io.switchboard.security.SessionLogin;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends every open console the same snapshot of the hub's numbers once per interval, from one
 * task for all consoles: the snapshot is built once, and each console gets it by an asynchronous
 * send, so no thread waits on a console. A console whose previous snapshot is still being sent
 * skips this one rather than queueing it; at most {@code switchboard.admin.max-consoles} are open.
 * A console whose login has ended is closed with 4001 at the next tick.
 */
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class.getName());

    @Inject
    AdminSettings settings;

    @Inject
    LiveNumbers numbers;

    @Inject
    LoginSessions loginSessions;

    @Inject
    ScheduledExecutorService scheduler;

    /** An open console: the login it was opened with (null for an API key) and whether a send to it is in flight. */
    private record Console(HttpSession httpSession, String loginKey, AtomicBoolean inFlight) {
    }

    // Mutated by join, leave and the tick.
    private final Map<Session, Console> consoles = new ConcurrentHashMap<>();
    private ScheduledFuture<?> ticks;
    private volatile String last;

    /**
     * Takes a new console socket in, or closes it with 1013 when there are too many already.
     * {@code httpSession} holds the admin's login; null for an API key.
     */
    public synchronized void join(Session session, HttpSession httpSession) {
        if (consoles.size() >= settings.maxConsoles()) {
            // Not on the container's thread that opened it (see Connection.closeNow).
            scheduler.execute(() -> close(session, new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
                    "too many admin consoles open")));
            return;
        }
        consoles.put(session, new Console(httpSession, SessionLogin.keyOf(httpSession), new AtomicBoolean()));
        if (ticks == null) {
            long every = settings.liveInterval().toMillis();
            ticks = scheduler.scheduleAtFixedRate(this::tick, 0, every, TimeUnit.MILLISECONDS);
        } else if (last != null) {
            send(session, consoles.get(session).inFlight(), last);
        }
    }

    public void leave(Session session) {
        consoles.remove(session);
    }

    @PreDestroy
    synchronized void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    private void tick() {
        try {
            String text = numbers.next();
            last = text;
            consoles.forEach((session, console) -> {
                if (loginEnded(console)) {
                    consoles.remove(session);
                    close(session, new CloseReason(CloseReason.CloseCodes.getCloseCode(CloseCode.SESSION_ENDED.code()),
                            "the login ended"));
                } else {
                    send(session, console.inFlight(), text);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the console snapshot failed", e);
        }
    }

    /** Whether the console's login has ended (logout, expiry, a change of roles, another login in its session). */
    private boolean loginEnded(Console console) {
        if (console.httpSession() == null) {
            return false;
        }
        SessionLogin login = SessionLogin.of(console.httpSession());
        return login == null || !login.key().equals(console.loginKey()) || loginSessions.hasEnded(login);
    }

    private static void send(Session session, AtomicBoolean inFlight, String text) {
        if (inFlight == null || !session.isOpen() || !inFlight.compareAndSet(false, true)) {
            return; // still sending the previous one: this one is skipped
        }
        try {
            session.getAsyncRemote().sendText(text, result -> inFlight.set(false));
        } catch (RuntimeException e) {
            inFlight.set(false);
            LOG.log(Level.FINE, "console send failed", e);
        }
    }

    private static void close(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "console close failed", e);
        }
    }
}
