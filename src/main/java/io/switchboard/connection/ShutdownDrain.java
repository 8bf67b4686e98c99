package io.switchboard.connection;

import io.switchboard.config.Settings;
import io.switchboard.protocol.CloseCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Stops the hub gracefully: new handshakes are refused, every connection's queue drains, then each
 * is closed with 1001; whatever has not drained by the deadline is closed anyway.
 */
@ApplicationScoped
public class ShutdownDrain {

    private static final Logger LOG = Logger.getLogger(ShutdownDrain.class.getName());

    @Inject
    ConnectionRegistry registry;

    @Inject
    Settings settings;

    // Static: once the drain has begun, the container goes on tearing the application down, and a
    // handshake arriving then must still be told 503, even where this bean can no longer be reached
    // (see stopping()). The class, and so the flag, goes with the application.
    private static volatile boolean draining;

    public boolean isDraining() {
        return draining;
    }

    /** Whether the drain has begun; callable without the bean while the container stops. */
    public static boolean stopping() {
        return draining;
    }

    /** Runs once; a second call (the container stops in several steps) returns at once. */
    public synchronized void drain() {
        if (draining) {
            return;
        }
        draining = true;
        Duration limit = settings.shutdownDrain();
        int open = registry.size();
        LOG.info(() -> "shutting down: draining " + open + " connections (at most " + limit.toSeconds() + " s)");
        for (Connection c : registry.all()) {
            c.closeWhenDrained(CloseCode.GOING_AWAY);
        }
        boolean empty = registry.awaitEmpty(limit);
        if (!empty) {
            for (Connection c : registry.all()) {
                c.close(CloseCode.GOING_AWAY);
            }
            registry.awaitEmpty(settings.closeTimeout());
        }
    }
}
