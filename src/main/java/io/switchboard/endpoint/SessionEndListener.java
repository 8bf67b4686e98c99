package io.switchboard.endpoint;

import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.protocol.CloseCode;
import io.switchboard.security.LoginSessions;
import io.switchboard.security.SessionLogin;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/** When a login session ends (logout or expiry), its connections close with 4001. */
@WebListener
public class SessionEndListener implements HttpSessionListener {

    @Inject
    ConnectionRegistry registry;

    @Inject
    LoginSessions loginSessions;

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        String key = SessionLogin.keyOf(event.getSession());
        if (key != null) {
            loginSessions.forget(key);
            registry.closeAllNow(c -> key.equals(c.identity().sessionKey()), CloseCode.SESSION_ENDED);
        }
    }
}
