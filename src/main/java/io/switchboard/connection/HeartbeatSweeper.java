package io.switchboard.connection;

import io.switchboard.config.Settings;
import io.switchboard.protocol.CloseCode;
import io.switchboard.security.LoginSessions;
import io.switchboard.security.SecuritySettings;
import io.switchboard.security.SessionTerminator;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pings every connection each heartbeat interval, closes with 4002 the ones silent for longer
 * than the timeout, and with 4001 the ones older than their maximum lifetime or whose login
 * session has expired (the container does not expire a session while its upgrade is open). Ends
 * the ones whose socket closed without the container noticing, as dropped (1006). One periodic
 * sweep over all connections, a tenth of the shorter of interval and timeout apart, not a timer per
 * connection.
 */
@ApplicationScoped
public class HeartbeatSweeper {

    private static final Logger LOG = Logger.getLogger(HeartbeatSweeper.class.getName());

    @Inject
    ScheduledExecutorService scheduler;

    @Inject
    ConnectionRegistry registry;

    @Inject
    Settings settings;

    @Inject
    SecuritySettings securitySettings;

    @Inject
    LoginSessions loginSessions;

    @Inject
    SessionTerminator terminator;

    private ScheduledFuture<?> sweeps;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        long period = Math.max(50, Math.min(settings.heartbeatInterval().toMillis(),
                settings.heartbeatTimeout().toMillis()) / 10);
        sweeps = scheduler.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
    }

    void sweep() {
        long now = System.nanoTime();
        long interval = settings.heartbeatInterval().toNanos();
        long timeout = settings.heartbeatTimeout().toNanos();
        long lifetime = securitySettings.connectionMaxLifetime().toNanos();
        long nowMillis = System.currentTimeMillis();
        // A handshake answered 101 whose connection never opened gives its slot back.
        registry.expireSlots(now - timeout);
        Set<String> expired = new HashSet<>();
        for (Connection c : registry.all()) {
            try {
                if (c.isClosing() || c.endIfSocketClosed()) {
                    continue;
                }
                String key = c.identity().sessionKey();
                if (key != null && (expired.contains(key) || loginSessions.isExpired(key, nowMillis))) {
                    expired.add(key);
                    continue;
                }
                if (now - c.openedNanos() > lifetime) {
                    c.close(CloseCode.SESSION_ENDED);
                } else if (now - c.lastHeardNanos() > timeout) {
                    c.close(CloseCode.HEARTBEAT_TIMEOUT);
                } else if (now - c.lastPingNanos() >= interval) {
                    c.ping(now);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "heartbeat failed for " + c.id(), e);
            }
        }
        expired.forEach(terminator::expireLogin);
    }
}
