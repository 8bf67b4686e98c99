package io.switchboard.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * The generator's MessagePack: its requests as maps, and server frames turned back into the
 * compact JSON lines the modes already check ({@link Lines}), one line per object, in order. The
 * server writes a frame's map in the order of its JSON text, so the lines are what a text
 * connection would have received, a {@code bin} becoming {@code {"$bin":"<base64>"}}.
 */
final class Msgpack {

    private Msgpack() {
    }

    /** A map of string keys and values (String, Integer or Long), in the order given. */
    static byte[] map(Object... keysAndValues) {
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            out.packMapHeader(keysAndValues.length / 2);
            for (int i = 0; i < keysAndValues.length; i += 2) {
                out.packString((String) keysAndValues[i]);
                Object v = keysAndValues[i + 1];
                if (v instanceof String s) {
                    out.packString(s);
                } else if (v instanceof Integer || v instanceof Long) {
                    out.packLong(((Number) v).longValue());
                } else {
                    throw new IllegalArgumentException("no MessagePack form here for " + v);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            // a buffer packer writes to memory only
            throw new UncheckedIOException(e);
        }
    }

    /** Every object of one binary server frame as a JSON line, separated by {@code '\n'}. */
    static String lines(ByteBuffer frame) {
        byte[] bytes;
        int offset;
        if (frame.hasArray()) {
            bytes = frame.array();
            offset = frame.arrayOffset() + frame.position();
        } else {
            bytes = new byte[frame.remaining()];
            frame.duplicate().get(bytes);
            offset = 0;
        }
        StringBuilder text = new StringBuilder(frame.remaining() + 32);
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes, offset, frame.remaining())) {
            while (in.hasNext()) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                json(in, text, 0, frame.remaining());
            }
        } catch (IOException | MessagePackException e) {
            throw new IllegalStateException("not valid MessagePack from the server: " + e, e);
        }
        return text.toString();
    }

    /** {@code limit}: the frame's length, beyond which no length it claims can reach. */
    private static void json(MessageUnpacker in, StringBuilder b, int depth, int limit) throws IOException {
        if (depth > 100) {
            throw new IllegalStateException("MessagePack from the server nested deeper than 100 levels");
        }
        MessageFormat format = in.getNextFormat();
        switch (format.getValueType()) {
            case NIL -> {
                in.unpackNil();
                b.append("null");
            }
            case BOOLEAN -> b.append(in.unpackBoolean());
            case INTEGER -> {
                if (format == MessageFormat.UINT64) {
                    BigInteger i = in.unpackBigInteger();
                    b.append(i);
                } else {
                    b.append(in.unpackLong());
                }
            }
            case FLOAT -> b.append(in.unpackDouble());
            case STRING -> b.append(JsonWriter.quote(in.unpackString()));
            case BINARY -> b.append("{\"$bin\":\"")
                    .append(Base64.getEncoder().encodeToString(in.readPayload(within(in.unpackBinaryHeader(), limit))))
                    .append("\"}");
            case ARRAY -> {
                int n = within(in.unpackArrayHeader(), limit);
                b.append('[');
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    json(in, b, depth + 1, limit);
                }
                b.append(']');
            }
            case MAP -> {
                int n = within(in.unpackMapHeader(), limit);
                b.append('{');
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    b.append(JsonWriter.quote(in.unpackString())).append(':');
                    json(in, b, depth + 1, limit);
                }
                b.append('}');
            }
            default -> throw new IllegalStateException("the server sent a MessagePack " + format);
        }
    }

    private static int within(int length, int limit) {
        if (length < 0 || length > limit) {
            throw new IllegalStateException("a MessagePack length beyond the frame's end from the server");
        }
        return length;
    }
}
