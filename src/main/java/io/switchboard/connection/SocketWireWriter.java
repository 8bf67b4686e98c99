package io.switchboard.connection;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.Writer;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.ssl.SSLUtils;

/**
 * Frames written straight to the write queue of Payara's (Grizzly's) connection under an upgraded
 * request, past the servlet output stream. That stream copies each frame into a buffer of its own
 * and wraps it as HTTP content for the listener's filters, which pass an upgraded connection's bytes
 * through unchanged: a fifth of the server's CPU per delivered message on a busy hub.
 *
 * <p>Order: the connection's write queue is the one place every byte for the socket goes through,
 * in the order it was handed over. The servlet stream (the 101 response, the container's pings,
 * pongs and close frames) puts its bytes there before its write returns, and the container flushes
 * the 101 before the endpoint opens. A frame of the container's that is held back in its own writer
 * (waiting for the socket to take more) is a control frame, which may go between whole messages; a
 * close is sent only once the connection's send in flight has completed, and nothing is sent after
 * the session closed. A send completes when the socket has taken all of it, so a client that does
 * not read holds one frame here and the rest in the connection's bounded outbound queue.
 *
 * <p>A TLS connection keeps the servlet stream: its bytes must pass the encrypting filter.
 */
final class SocketWireWriter implements WireWriter {

    private final Connection<Object> connection;
    private final Writer<Object> writer;
    private final MemoryManager<?> memory;

    private SocketWireWriter(Connection<Object> connection, Writer<Object> writer, MemoryManager<?> memory) {
        this.connection = connection;
        this.writer = writer;
        this.memory = memory;
    }

    /** The writer for {@code containerConnection}, or null where frames must take the servlet stream. */
    @SuppressWarnings("unchecked")
    static WireWriter of(Object containerConnection) {
        if (!(containerConnection instanceof Connection<?> grizzly) || SSLUtils.getSSLEngine(grizzly) != null) {
            return null;
        }
        Connection<Object> connection = (Connection<Object>) grizzly;
        return new SocketWireWriter(connection, connection.getTransport().getWriter(false),
                connection.getMemoryManager());
    }

    @Override
    public void write(ByteBuffer frame, Consumer<Throwable> done) {
        try {
            Buffer buffer = Buffers.wrap(memory, frame.array(), frame.arrayOffset() + frame.position(),
                    frame.remaining());
            // The array may be shared by every subscriber of a message: never give it back to a pool.
            buffer.allowBufferDispose(false);
            writer.write(connection, buffer, new Completion(done));
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    private record Completion(Consumer<Throwable> done)
            implements CompletionHandler<WriteResult<WritableMessage, Object>> {

        @Override
        public void completed(WriteResult<WritableMessage, Object> result) {
            done.accept(null);
        }

        @Override
        public void failed(Throwable throwable) {
            done.accept(throwable);
        }

        @Override
        public void cancelled() {
            done.accept(new IllegalStateException("the write was cancelled: the connection closed"));
        }

        @Override
        public void updated(WriteResult<WritableMessage, Object> result) {
            // Partial progress: the send completes once the socket has taken every byte.
        }
    }
}
