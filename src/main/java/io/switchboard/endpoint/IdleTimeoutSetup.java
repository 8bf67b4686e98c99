package io.switchboard.endpoint;

import io.switchboard.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import java.util.logging.Logger;

/**
 * Gives every WebSocket session an idle timeout from its creation: twice
 * {@code switchboard.heartbeat.timeout}, past the heartbeat's own close (4002), so it fires only
 * if the heartbeat sweep stopped. The container re-arms this timer on every frame; with no
 * timeout it still runs a task at once each time, and a timeout set later, in the endpoint's
 * open, raced the task the session's creation had already started, which then closed the new
 * session as idle.
 */
@WebListener
public class IdleTimeoutSetup implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(IdleTimeoutSetup.class.getName());

    @Inject
    Settings settings;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container instanceof ServerContainer server) {
            server.setDefaultMaxSessionIdleTimeout(2 * settings.heartbeatTimeout().toMillis());
        } else {
            LOG.warning("no WebSocket server container in the servlet context: sessions keep the container's idle timeout");
        }
    }
}
