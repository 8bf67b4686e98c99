package io.switchboard.endpoint;

import io.switchboard.connection.ShutdownDrain;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Drains connections when the application stops. The container neither closes upgraded
 * connections itself nor sends 1001, and this listener runs while CDI and the executors are still
 * up (before any {@code @PreDestroy}).
 */
@WebListener
public class ShutdownListener implements ServletContextListener {

    @Inject
    ShutdownDrain drain;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        drain.drain();
    }
}
