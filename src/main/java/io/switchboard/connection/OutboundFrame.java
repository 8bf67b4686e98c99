package io.switchboard.connection;

import io.switchboard.protocol.FrameWriter;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.Utf8;

/**
 * An encoded server frame with its UTF-8 size, computed once so a fan-out message shared by many
 * queues is measured once.
 */
public record OutboundFrame(String text, int bytes) {

    public static OutboundFrame of(ServerFrame frame) {
        return of(FrameWriter.write(frame));
    }

    public static OutboundFrame of(String text) {
        return new OutboundFrame(text, Utf8.length(text));
    }
}
