package io.switchboard.connection;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Makes sure at start-up that the container's WebSocket idle timers run on a context-free
 * scheduler, since on the stock one a server is about half as fast per frame: the one the server
 * library installs (README, Idle timers) when the container found it, else the application's own
 * ({@link IdleTimerScheduler}); it warns when neither can be had.
 */
@ApplicationScoped
public class IdleTimerCheck {

    private static final Logger LOG = Logger.getLogger(IdleTimerCheck.class.getName());

    // The name the container's WebSocket layer looks the executor up by.
    static final String DEFAULT_SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";
    static final String INSTALLED = "io.switchboard.idletimers.IdleTimerExecutor";
    private static final int THREADS = 2;

    private IdleTimerScheduler own;

    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        Object container = event instanceof ServletContext context ? context.getAttribute(ServerContainer.class.getName()) : null;
        Object inUse = IdleTimerScheduler.inUse(container);
        String found = inUse != null ? inUse.getClass().getName() : lookedUp();
        if (INSTALLED.equals(found)) {
            LOG.info("idle timers: on the context-free scheduler");
            return;
        }
        IdleTimerScheduler scheduler = new IdleTimerScheduler(THREADS);
        if (inUse != null && scheduler.installOn(container)) {
            own = scheduler;
            LOG.info(() -> "idle timers: on the context-free scheduler of the application (the server's default is "
                    + found + "; README, Idle timers)");
        } else {
            scheduler.shutdown();
            LOG.warning(() -> "idle timers: on " + found + ", which captures thread context for every frame"
                    + " sent or received; install the idle-timer scheduler (README, Idle timers)");
        }
    }

    @PreDestroy
    void stop() {
        if (own != null) {
            own.shutdown();
        }
    }

    private static String lookedUp() {
        try {
            return new InitialContext().lookup(DEFAULT_SCHEDULER).getClass().getName();
        } catch (NamingException | RuntimeException e) {
            return "none (" + e + ")";
        }
    }
}
