package io.switchboard.connection;

import io.switchboard.protocol.CloseCode;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A {@link FrameSink} over a JSR-356 session and, where the container lets us reach it, its socket. */
public final class SessionSink implements FrameSink {

    private static final Logger LOG = Logger.getLogger(SessionSink.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;
    private final UpgradedSocket socket;

    /** @param socket the TCP connection under the session, or null where it cannot be reached */
    public SessionSink(Session session, UpgradedSocket socket) {
        this.session = session;
        this.socket = socket;
    }

    @Override
    public void send(String text, Consumer<Throwable> done) {
        try (var scope = ContextFreeScope.enter()) {
            session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    @Override
    public void ping() {
        try (var scope = ContextFreeScope.enter()) {
            session.getAsyncRemote().sendPing(EMPTY.duplicate());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ping failed", e);
        }
    }

    @Override
    public void close(CloseCode code) {
        try {
            session.close(code.toCloseReason());
        } catch (IOException e) {
            LOG.log(Level.FINE, "close failed", e);
            abort();
        }
    }

    /**
     * Without the socket, a second close is the only push left: it helps only a session whose close
     * never started, and the socket then stays open as long as the client does not read.
     */
    @Override
    public void abort() {
        if (socket != null) {
            if (socket.abort()) {
                LOG.fine("connection dropped without a close handshake");
            }
            return;
        }
        try {
            if (session.isOpen()) {
                session.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "abort failed", e);
        }
    }
}
