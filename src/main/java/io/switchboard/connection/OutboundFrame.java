package io.switchboard.connection;

import io.switchboard.protocol.FrameWriter;
import io.switchboard.protocol.ServerFrame;
import java.nio.charset.StandardCharsets;

/**
 * An encoded server frame as it goes on the wire: an unmasked RFC 6455 text frame, header and UTF-8
 * payload in one array ({@code payloadOffset} is the header's length). A fan-out message is encoded
 * once and the same bytes are written to every subscriber's socket. {@code publishedMillis} is the
 * {@code ts} of a live channel message (for the delivery latency), 0 for any other frame.
 */
public record OutboundFrame(byte[] wire, int payloadOffset, long publishedMillis) {

    private static final int FIN_TEXT = 0x81;

    public static OutboundFrame of(ServerFrame frame) {
        return of(FrameWriter.write(frame));
    }

    public static OutboundFrame of(String text) {
        return encode(text, 0);
    }

    /** A channel message frame delivered live, published (stored) at {@code publishedMillis}. */
    public static OutboundFrame message(String text, long publishedMillis) {
        return encode(text, publishedMillis);
    }

    private static OutboundFrame encode(String text, long publishedMillis) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] wire = withHeader(payload.length);
        int offset = wire.length - payload.length;
        System.arraycopy(payload, 0, wire, offset, payload.length);
        return new OutboundFrame(wire, offset, publishedMillis);
    }

    /**
     * A new array for a text frame with {@code payloadLength} bytes of payload, its header written
     * (FIN, opcode 1, no mask; length in 7, 16 or 64 bits) and the payload left to fill.
     */
    static byte[] withHeader(int payloadLength) {
        byte[] wire;
        if (payloadLength <= 125) {
            wire = new byte[2 + payloadLength];
            wire[1] = (byte) payloadLength;
        } else if (payloadLength <= 0xFFFF) {
            wire = new byte[4 + payloadLength];
            wire[1] = 126;
            wire[2] = (byte) (payloadLength >>> 8);
            wire[3] = (byte) payloadLength;
        } else {
            wire = new byte[10 + payloadLength];
            wire[1] = 127;
            for (int i = 0; i < 8; i++) {
                wire[2 + i] = (byte) ((long) payloadLength >>> (56 - 8 * i));
            }
        }
        wire[0] = (byte) FIN_TEXT;
        return wire;
    }

    /** The payload's size in bytes. */
    public int bytes() {
        return wire.length - payloadOffset;
    }

    /** The payload as text. */
    public String text() {
        return new String(wire, payloadOffset, bytes(), StandardCharsets.UTF_8);
    }

    boolean isLiveMessage() {
        return publishedMillis != 0;
    }
}
