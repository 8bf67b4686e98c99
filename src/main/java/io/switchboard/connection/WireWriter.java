package io.switchboard.connection;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The container's byte writer under one WebSocket, the one its own frames go through: each call
 * writes one whole frame, after whatever it was given before, and never blocks.
 */
public interface WireWriter {

    /** Writes {@code frame}; {@code done} gets null once it is written or queued, or the failure. */
    void write(ByteBuffer frame, Consumer<Throwable> done);
}
