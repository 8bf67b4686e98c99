package io.switchboard.endpoint;

import io.switchboard.connection.WireWriter;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * Tyrus' writer under one connection (its SPI, the one its protocol handler writes framed bytes
 * to), as a {@link WireWriter}. The servlet container's implementation writes at once when the
 * socket can take it and otherwise queues the frame until it can, completing it then.
 */
final class TyrusWireWriter implements WireWriter {

    private final Writer writer;

    TyrusWireWriter(Writer writer) {
        this.writer = writer;
    }

    @Override
    public void write(ByteBuffer frame, Consumer<Throwable> done) {
        try {
            writer.write(frame, new CompletionHandler<>() {
                @Override
                public void completed(ByteBuffer result) {
                    done.accept(null);
                }

                @Override
                public void failed(Throwable throwable) {
                    done.accept(throwable);
                }
            });
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }
}
