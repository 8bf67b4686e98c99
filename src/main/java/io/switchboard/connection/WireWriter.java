package io.switchboard.connection;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A byte writer under one WebSocket that keeps order with the container's own frames (the socket's
 * write queue, or the container's writer itself): each call writes one whole frame, after whatever
 * was given before, and never blocks.
 */
public interface WireWriter {

    /**
     * Writes {@code frame}, whose bytes must not change until {@code done} runs; {@code done} gets
     * null once the socket took it (or the container's writer queued it), or the failure.
     */
    void write(ByteBuffer frame, Consumer<Throwable> done);
}
