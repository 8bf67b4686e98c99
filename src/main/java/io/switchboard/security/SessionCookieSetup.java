package io.switchboard.security;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;

/**
 * The session cookie is the credential: HttpOnly (no script reads it) and Secure when configured.
 * SameSite=Lax comes from WEB-INF/payara-web.xml.
 */
@WebListener
public class SessionCookieSetup implements ServletContextListener {

    @Inject
    SecuritySettings settings;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
        cookie.setHttpOnly(true);
        cookie.setSecure(settings.cookieSecure());
    }
}
