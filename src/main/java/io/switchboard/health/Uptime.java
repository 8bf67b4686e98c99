package io.switchboard.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/** Since when the application has been running: its start, not the JVM's, so a redeploy restarts it. */
@ApplicationScoped
public class Uptime {

    private volatile long startedNanos = System.nanoTime();

    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        startedNanos = System.nanoTime();
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
