package io.switchboard.connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Says at start-up whether the container's WebSocket idle timers run on the context-free
 * scheduler the pre-boot files install, since a server started without them is about half as
 * fast per frame and nothing else would show why.
 */
@ApplicationScoped
public class IdleTimerCheck {

    private static final Logger LOG = Logger.getLogger(IdleTimerCheck.class.getName());

    // The name the container's WebSocket layer looks the executor up by.
    static final String DEFAULT_SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";
    static final String INSTALLED = "io.switchboard.idletimers.IdleTimerExecutor";

    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        String found;
        try {
            found = new InitialContext().lookup(DEFAULT_SCHEDULER).getClass().getName();
        } catch (NamingException | RuntimeException e) {
            found = "none (" + e + ")";
        }
        if (INSTALLED.equals(found)) {
            LOG.info("idle timers: on the context-free scheduler");
        } else {
            String what = found;
            LOG.warning(() -> "idle timers: on " + what + ", which captures thread context for every frame"
                    + " sent or received; install the idle-timer scheduler (README, Idle timers)");
        }
    }
}
