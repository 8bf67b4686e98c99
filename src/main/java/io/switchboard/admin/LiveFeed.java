package io.switchboard.admin;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 */
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class.getName());

    @Inject
    AdminSettings settings;

    @Inject
    LiveNumbers numbers;

    @Resource
    ManagedScheduledExecutorService scheduler;

    // Each open console, and whether a send to it is in flight. Mutated by join, leave and the tick.
    private final Map<Session, AtomicBoolean> consoles = new ConcurrentHashMap<>();
    private ScheduledFuture<?> ticks;
    private volatile String last;

    /** Takes a new console socket in, or closes it with 1013 when there are too many already. */
    public synchronized void join(Session session) {
        if (consoles.size() >= settings.maxConsoles()) {
            // Not on the container's thread that opened it (see Connection.closeNow).
            scheduler.execute(() -> close(session, new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
                    "too many admin consoles open")));
            return;
        }
        consoles.put(session, new AtomicBoolean());
        if (ticks == null) {
            long every = settings.liveInterval().toMillis();
            ticks = scheduler.scheduleAtFixedRate(this::tick, 0, every, TimeUnit.MILLISECONDS);
        } else if (last != null) {
            send(session, consoles.get(session), last);
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

    /** The consoles open now. */
    public int size() {
        return consoles.size();
    }

    private void tick() {
        try {
            String text = numbers.next();
            last = text;
            consoles.forEach((session, inFlight) -> send(session, inFlight, text));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the console snapshot failed", e);
        }
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
