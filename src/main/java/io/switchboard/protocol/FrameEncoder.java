package io.switchboard.protocol;

import jakarta.websocket.Encoder;

/** JSR-356 encoder for server frames, for code that sends through {@code sendObject}. */
public final class FrameEncoder implements Encoder.Text<ServerFrame> {

    @Override
    public String encode(ServerFrame frame) {
        return FrameWriter.write(frame);
    }
}
