package io.switchboard.admin;

import io.switchboard.endpoint.HeaderOverride;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.spi.UpgradeResponse;

/**
 * Opens a console's live socket only for a handshake that {@link AdminGate} admitted: the gate
 * marks it with a request header only it can set (one of that name sent by the client is hidden),
 * and any other handshake is answered 403 here. The console keeps the login's HTTP session, so
 * the feed closes it once that login ends.
 */
public class LiveConfigurator extends ServerEndpointConfig.Configurator {

    private static final String HEADER = "X-Switchboard-Admin";
    private static final String LOGIN = "switchboard.console-login";

    static HttpServletRequest admitted(HttpServletRequest request, String admin) {
        return new HeaderOverride(request, HEADER, admin);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        boolean admitted = request.getUserPrincipal() != null && request.getHeaders().entrySet().stream()
                .anyMatch(h -> HEADER.equalsIgnoreCase(h.getKey()) && h.getValue().size() == 1);
        if (!admitted && response instanceof UpgradeResponse upgrade) {
            upgrade.setStatus(HttpServletResponse.SC_FORBIDDEN);
        }
        // Each handshake gets its own copy of the user properties (see HandshakeConfigurator).
        if (admitted && request.getHttpSession() instanceof HttpSession session) {
            sec.getUserProperties().put(LOGIN, session);
        } else {
            sec.getUserProperties().remove(LOGIN);
        }
    }

    /** The HTTP session of the login that opened the console, or null (an API key has none). */
    static HttpSession login(Session session) {
        return (HttpSession) session.getUserProperties().get(LOGIN);
    }
}
