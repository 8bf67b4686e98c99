package io.switchboard.connection;

import io.switchboard.protocol.CloseCode;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A {@link FrameSink} over a JSR-356 session. */
public final class SessionSink implements FrameSink {

    private static final Logger LOG = Logger.getLogger(SessionSink.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;

    public SessionSink(Session session) {
        this.session = session;
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

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    /**
     * The container closes the underlying connection as soon as a close frame is queued, without
     * waiting for the peer; a second close is the only further push it offers if that did not
     * take.
     */
    @Override
    public void abort() {
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "abort failed", e);
        }
    }
}
