package io.switchboard.connection;

import io.switchboard.protocol.FrameWriter;
import io.switchboard.protocol.MsgpackWriter;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.Subprotocol;
import java.nio.charset.StandardCharsets;

/**
 * An encoded server frame as it goes on the wire: an unmasked RFC 6455 frame, header and payload
 * in one array ({@code payloadOffset} is the header's length). A text frame's payload is UTF-8
 * JSON; a binary frame's is MessagePack. A fan-out message is encoded once per subprotocol and the
 * same bytes are written to every subscriber's socket: the MessagePack form is made from the text
 * at the first MessagePack subscriber's need and kept beside it for the others. {@code
 * publishedMillis} is the {@code ts} of a live channel message (for the delivery latency), 0 for
 * any other frame.
 */
public final class OutboundFrame {

    private static final int FIN_TEXT = 0x81;
    private static final int FIN_BINARY = 0x82;

    private final byte[] wire;
    private final int payloadOffset;
    private final long publishedMillis;
    // A text frame's MessagePack form; written at most a few times with equal values (whoever
    // needs it first), read through the final fields of the frame it points to.
    private volatile OutboundFrame msgpack;

    public OutboundFrame(byte[] wire, int payloadOffset, long publishedMillis) {
        this.wire = wire;
        this.payloadOffset = payloadOffset;
        this.publishedMillis = publishedMillis;
    }

    public static OutboundFrame of(ServerFrame frame) {
        return of(FrameWriter.write(frame));
    }

    /** {@code frame} encoded for a connection speaking {@code protocol}. */
    public static OutboundFrame of(ServerFrame frame, Subprotocol protocol) {
        if (!protocol.binary()) {
            return of(frame);
        }
        byte[] json = FrameWriter.write(frame).getBytes(StandardCharsets.UTF_8);
        return binary(MsgpackWriter.fromJson(json, 0, json.length), 0);
    }

    public static OutboundFrame of(String text) {
        return encode(text, 0);
    }

    /** A channel message frame delivered live, published (stored) at {@code publishedMillis}. */
    public static OutboundFrame message(String text, long publishedMillis) {
        return encode(text, publishedMillis);
    }

    /** A binary frame holding {@code payload} (MessagePack). */
    public static OutboundFrame binary(byte[] payload, long publishedMillis) {
        byte[] wire = withHeader(payload.length, true);
        int offset = wire.length - payload.length;
        System.arraycopy(payload, 0, wire, offset, payload.length);
        return new OutboundFrame(wire, offset, publishedMillis);
    }

    private static OutboundFrame encode(String text, long publishedMillis) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] wire = withHeader(payload.length);
        int offset = wire.length - payload.length;
        System.arraycopy(payload, 0, wire, offset, payload.length);
        return new OutboundFrame(wire, offset, publishedMillis);
    }

    /** This frame as a connection speaking {@code protocol} gets it. */
    OutboundFrame in(Subprotocol protocol) {
        return protocol.binary() == isBinary() ? this : msgpack();
    }

    /** This text frame's MessagePack form, as a binary frame: made once, then shared. */
    OutboundFrame msgpack() {
        if (isBinary()) {
            return this;
        }
        OutboundFrame binary = msgpack;
        if (binary == null) {
            binary = binary(MsgpackWriter.fromJson(wire, payloadOffset, bytes()), publishedMillis);
            msgpack = binary;
        }
        return binary;
    }

    /**
     * A new array for a text frame with {@code payloadLength} bytes of payload, its header written
     * (FIN, opcode 1, no mask; length in 7, 16 or 64 bits) and the payload left to fill.
     */
    static byte[] withHeader(int payloadLength) {
        return withHeader(payloadLength, false);
    }

    /** As {@link #withHeader(int)}, for a binary frame (opcode 2) when {@code binary}. */
    static byte[] withHeader(int payloadLength, boolean binary) {
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
        wire[0] = (byte) (binary ? FIN_BINARY : FIN_TEXT);
        return wire;
    }

    public byte[] wire() {
        return wire;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public long publishedMillis() {
        return publishedMillis;
    }

    /** The payload's size in bytes. */
    public int bytes() {
        return wire.length - payloadOffset;
    }

    /** Whether this is a binary (MessagePack) frame rather than a text (JSON) one. */
    public boolean isBinary() {
        return wire[0] == (byte) FIN_BINARY;
    }

    /** The payload as text. */
    public String text() {
        return new String(wire, payloadOffset, bytes(), StandardCharsets.UTF_8);
    }

    boolean isLiveMessage() {
        return publishedMillis != 0;
    }

    @Override
    public String toString() {
        return "OutboundFrame[" + (isBinary() ? "binary, " + bytes() + " bytes" : text()) + "]";
    }
}
