package io.switchboard.endpoint;

import io.switchboard.security.SessionLogin;
import io.switchboard.security.SessionTerminator;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/**
 * When a login session ends (logout or expiry), its connections close with 4001; on a cluster, only
 * when the session ending is the one the login was started in (see {@link SessionTerminator#sessionDestroyed}).
 */
@WebListener
public class SessionEndListener implements HttpSessionListener {

    @Inject
    SessionTerminator terminator;

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        String key = SessionLogin.keyOf(event.getSession());
        if (key != null) {
            terminator.sessionDestroyed(key, event.getSession());
        }
    }
}
