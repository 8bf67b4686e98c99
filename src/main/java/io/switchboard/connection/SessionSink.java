package io.switchboard.connection;

import io.switchboard.protocol.CloseCode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link FrameSink} over a JSR-356 session and, where the container lets us reach them, its
 * socket and the writer under it.
 *
 * <p>With the writer, a frame's bytes, encoded once, go straight to it: the container's own send
 * would encode the text again for every socket and re-arm the session's idle timer on every frame
 * (pongs from the client re-arm it, and the heartbeat closes a silent client long before it
 * fires). Without the writer, or when the client negotiated an extension (permessage-deflate
 * compresses each message the container sends), frames go through the session.
 */
public final class SessionSink implements FrameSink {

    private static final Logger LOG = Logger.getLogger(SessionSink.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;
    private final UpgradedSocket socket;
    private final WireWriter wire;

    /**
     * @param socket the TCP connection under the session, or null where it cannot be reached
     * @param wire   the container's writer under the session, or null where it cannot be reached
     */
    public SessionSink(Session session, UpgradedSocket socket, WireWriter wire) {
        this.session = session;
        this.socket = socket;
        this.wire = wire != null && session.getNegotiatedExtensions().isEmpty() ? wire : null;
    }

    /** Whether frames go straight to the container's writer. */
    public boolean writesFrames() {
        return wire != null;
    }

    @Override
    public void send(OutboundFrame frame, Consumer<Throwable> done) {
        if (wire != null) {
            // The session closes before the container writes its close frame; nothing may follow that.
            if (!session.isOpen()) {
                done.accept(new IllegalStateException("the session is closed"));
                return;
            }
            wire.write(ByteBuffer.wrap(frame.wire()), done);
            return;
        }
        try (var scope = ContextFreeScope.enter()) {
            if (frame.isBinary()) {
                session.getAsyncRemote().sendBinary(ByteBuffer.wrap(frame.wire(), frame.payloadOffset(), frame.bytes()).slice(),
                        result -> done.accept(result.isOK() ? null : result.getException()));
            } else {
                session.getAsyncRemote().sendText(frame.text(),
                        result -> done.accept(result.isOK() ? null : result.getException()));
            }
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
    public boolean socketClosed() {
        return socket != null && !socket.isOpen();
    }

    @Override
    public void closeLost() {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "connection lost"));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "close of a lost connection failed", e);
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
