package io.switchboard.endpoint;

import io.switchboard.connection.ShutdownDrain;
import jakarta.inject.Inject;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Drains connections when the application stops. The container neither closes upgraded
 * connections itself nor sends 1001, and by the time context listeners hear of the stop it has
 * already expired the login sessions (whose connections would then close with 4001). Servlets are
 * stopped first of all, so the drain runs from the destroy of a servlet that serves nothing.
 */
@WebListener
public class ShutdownListener implements ServletContextListener {

    @Inject
    ShutdownDrain drain;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletRegistration.Dynamic hook = event.getServletContext().addServlet("switchboard-drain", new DrainOnStop(drain));
        hook.setLoadOnStartup(1);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        drain.drain();
    }

    private static final class DrainOnStop extends GenericServlet {

        private final transient ShutdownDrain drain;

        DrainOnStop(ShutdownDrain drain) {
            this.drain = drain;
        }

        @Override
        public void service(ServletRequest request, ServletResponse response) {
            ((HttpServletResponse) response).setStatus(HttpServletResponse.SC_NOT_FOUND);
        }

        @Override
        public void destroy() {
            drain.drain();
        }
    }
}
