package io.switchboard.connection;

import io.switchboard.protocol.FrameWriter;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.Utf8;

/**
 * An encoded server frame with its UTF-8 size, computed once so a fan-out message shared by many
 * queues is measured once. {@code publishedMillis} is the {@code ts} of a live channel message
 * (for the delivery latency), 0 for any other frame.
 */
public record OutboundFrame(String text, int bytes, long publishedMillis) {

    public static OutboundFrame of(ServerFrame frame) {
        return of(FrameWriter.write(frame));
    }

    public static OutboundFrame of(String text) {
        return new OutboundFrame(text, Utf8.length(text), 0);
    }

    /** A channel message frame delivered live, published (stored) at {@code publishedMillis}. */
    public static OutboundFrame message(String text, long publishedMillis) {
        return new OutboundFrame(text, Utf8.length(text), publishedMillis);
    }

    boolean isLiveMessage() {
        return publishedMillis != 0;
    }
}
