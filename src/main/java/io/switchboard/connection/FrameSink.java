package io.switchboard.connection;

import io.switchboard.protocol.CloseCode;
import java.util.function.Consumer;

/** The socket side of a connection, as the outbound queue and heartbeat need it. */
public interface FrameSink {

    /** Starts an asynchronous send of one frame (text or binary, as encoded); {@code done} gets null on success or the failure. */
    void send(OutboundFrame frame, Consumer<Throwable> done);

    void ping();

    /** Sends a close frame; may wait on the socket, so never call it on a container thread. */
    void close(CloseCode code);

    /**
     * Drops the TCP connection without a close handshake, discarding whatever is still queued for
     * it; does nothing once it has closed. Whether the session looks closed is no guide: the
     * container counts it closed as soon as its close frame is queued, and that frame may wait
     * forever behind data a client no longer reads.
     */
    void abort();

    /**
     * Whether the TCP connection under it has closed; false where that cannot be known. The
     * container can miss a close: Tyrus drops the end of the stream that comes while the endpoint
     * is still being opened, and the session then looks open until the heartbeat times it out.
     */
    default boolean socketClosed() {
        return false;
    }

    /**
     * Closes the session of a connection whose socket has closed, reporting 1006 (closed
     * abnormally) to the endpoint, as the container does when it notices a dropped connection.
     */
    void closeLost();
}
