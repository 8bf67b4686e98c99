package io.switchboard.endpoint;

import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.MaskBitCheck;
import jakarta.websocket.CloseReason;
import java.nio.ByteBuffer;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * A Tyrus connection whose incoming bytes go through a {@link MaskBitCheck} before Tyrus' own read
 * handler. Frames before an unmasked one are still handed over, as for any other framing fault;
 * the unmasked frame and everything after it are dropped, and the connection is closed with 1002
 * the way Tyrus closes on its own faults. Reads of one connection never overlap (servlet
 * non-blocking input calls its listener one at a time), so the check needs no lock.
 */
final class MaskCheckingConnection implements Connection, ReadHandler {

    private final Connection connection;
    private final ReadHandler tyrus;
    private final MaskBitCheck check = new MaskBitCheck();

    MaskCheckingConnection(Connection connection) {
        this.connection = connection;
        this.tyrus = connection.getReadHandler();
    }

    @Override
    public void handle(ByteBuffer data) {
        if (check.failed()) {
            data.position(data.limit());
            return;
        }
        int unmasked = check.firstUnmasked(data);
        if (unmasked < 0) {
            tyrus.handle(data);
            return;
        }
        ByteBuffer before = data.duplicate().limit(unmasked);
        data.position(data.limit());
        if (before.hasRemaining()) {
            tyrus.handle(before);
        }
        connection.close(CloseCode.PROTOCOL_ERROR.toCloseReason());
    }

    @Override
    public ReadHandler getReadHandler() {
        return this;
    }

    @Override
    public Writer getWriter() {
        return connection.getWriter();
    }

    @Override
    public CloseListener getCloseListener() {
        return connection.getCloseListener();
    }

    @Override
    public void close(CloseReason reason) {
        connection.close(reason);
    }
}
