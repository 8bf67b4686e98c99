package io.switchboard.admin;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /admin/live}: the console's live socket. The server speaks, the console listens: one
 * JSON snapshot of the hub's numbers per interval (see {@link LiveFeed}); what the console sends
 * is ignored. Admins only, see {@link AdminGate}.
 */
@ServerEndpoint(value = "/admin/live", configurator = LiveConfigurator.class)
public class LiveEndpoint {

    private static final Logger LOG = Logger.getLogger(LiveEndpoint.class.getName());

    @Inject
    LiveFeed feed;

    @OnOpen
    public void open(Session session) {
        feed.join(session, LiveConfigurator.login(session));
    }

    @OnMessage
    public void ignored(String text) {
        // nothing to do: the console has nothing to say
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        feed.leave(session);
    }

    @OnError
    public void error(Throwable t) {
        LOG.log(Level.FINE, "console socket error", t);
    }
}
