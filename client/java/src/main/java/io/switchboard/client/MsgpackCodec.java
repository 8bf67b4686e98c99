package io.switchboard.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageSizeException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * JSON values as MessagePack and back, by the README's table ("MessagePack frames"): object as
 * map, array, string as str, an integer as int in its smallest form (up to 2^64-1; any other number
 * as float 64), true/false as bool, null as nil, and the {@link Bytes} object as bin. A server
 * frame holds one object or several back to back; {@link Frame} reads them one at a time.
 */
final class MsgpackCodec {

    /** Deeper nesting in a server frame is refused, as the JSON reader refuses it. */
    static final int MAX_DEPTH = 1000;

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private MsgpackCodec() {
    }

    static byte[] encode(JsonValue value) {
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            write(out, value);
            return out.toByteArray();
        } catch (IOException e) {
            // a buffer packer writes to memory only
            throw new UncheckedIOException(e);
        }
    }

    private static void write(MessagePacker out, JsonValue value) throws IOException {
        switch (value.getValueType()) {
            case OBJECT -> {
                JsonObject object = (JsonObject) value;
                byte[] bin = object.size() == 1 ? Bytes.bytesOf(object) : null;
                if (bin != null) {
                    out.packBinaryHeader(bin.length).writePayload(bin);
                    return;
                }
                out.packMapHeader(object.size());
                for (Map.Entry<String, JsonValue> e : object.entrySet()) {
                    out.packString(e.getKey());
                    write(out, e.getValue());
                }
            }
            case ARRAY -> {
                JsonArray array = (JsonArray) value;
                out.packArrayHeader(array.size());
                for (JsonValue item : array) {
                    write(out, item);
                }
            }
            case STRING -> out.packString(((JsonString) value).getString());
            case NUMBER -> number(out, (JsonNumber) value);
            case TRUE -> out.packBoolean(true);
            case FALSE -> out.packBoolean(false);
            case NULL -> out.packNil();
        }
    }

    private static void number(MessagePacker out, JsonNumber n) throws IOException {
        if (n.isIntegral()) {
            BigInteger i = n.bigIntegerValue();
            if (i.bitLength() < 64) {
                out.packLong(i.longValue());
                return;
            }
            if (i.signum() > 0 && i.compareTo(UINT64_MAX) <= 0) {
                out.packBigInteger(i);
                return;
            }
        }
        out.packDouble(n.doubleValue());
    }

    /** Every value of {@code payload}, back to back until its bytes are used up. */
    static List<JsonValue> decodeAll(byte[] payload) throws FrameDecoder.MalformedFrameException {
        Frame frame = new Frame(ByteBuffer.wrap(payload));
        List<JsonValue> all = new ArrayList<>();
        while (frame.hasNext()) {
            all.add(frame.next());
        }
        return all;
    }

    /**
     * The values of one binary server frame, in order. A value that is not well-formed ends the
     * frame: with no separator between values, nothing after it can be found.
     */
    static final class Frame {
        private final MessageUnpacker in;
        private final long bytes;

        Frame(ByteBuffer payload) {
            this.bytes = payload.remaining();
            if (payload.hasArray()) {
                in = MessagePack.newDefaultUnpacker(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
            } else {
                // the library reads a direct buffer through JDK internals that Java 17 does not open to it
                byte[] copy = new byte[payload.remaining()];
                payload.duplicate().get(copy);
                in = MessagePack.newDefaultUnpacker(copy);
            }
        }

        boolean hasNext() throws FrameDecoder.MalformedFrameException {
            try {
                return in.hasNext();
            } catch (IOException | MessagePackException e) {
                throw refused(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            }
        }

        JsonValue next() throws FrameDecoder.MalformedFrameException {
            try {
                return value(1);
            } catch (MessageInsufficientBufferException | EOFException e) {
                throw refused("cut short");
            } catch (MessageSizeException e) {
                throw refused("a length beyond the frame's end");
            } catch (IOException | MessagePackException e) {
                throw refused(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            }
        }

        private JsonValue value(int depth) throws IOException, FrameDecoder.MalformedFrameException {
            MessageFormat format = in.getNextFormat();
            ValueType type = format == MessageFormat.NEVER_USED ? null : format.getValueType();
            if (type == null) {
                throw refused("the never-used byte c1");
            }
            switch (type) {
                case NIL -> {
                    in.unpackNil();
                    return JsonValue.NULL;
                }
                case BOOLEAN -> {
                    return in.unpackBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
                }
                case INTEGER -> {
                    return format == MessageFormat.UINT64 ? JSON.createValue(in.unpackBigInteger())
                            : JSON.createValue(in.unpackLong());
                }
                case FLOAT -> {
                    double d = in.unpackDouble();
                    if (!Double.isFinite(d)) {
                        throw refused("a NaN or infinite float has no JSON form");
                    }
                    return JSON.createValue(d);
                }
                case STRING -> {
                    return JSON.createValue(string());
                }
                case BINARY -> {
                    deeper(depth);
                    return Bytes.of(in.readPayload(claimed(in.unpackBinaryHeader(), 1)));
                }
                case ARRAY -> {
                    deeper(depth);
                    int n = claimed(in.unpackArrayHeader(), 1);
                    JsonArrayBuilder array = JSON.createArrayBuilder();
                    for (int i = 0; i < n; i++) {
                        array.add(value(depth + 1));
                    }
                    return array.build();
                }
                case MAP -> {
                    deeper(depth);
                    int n = claimed(in.unpackMapHeader(), 2);
                    JsonObjectBuilder map = JSON.createObjectBuilder();
                    for (int i = 0; i < n; i++) {
                        if (in.getNextFormat().getValueType() != ValueType.STRING) {
                            throw refused("a map key that is not a str");
                        }
                        String key = string();
                        map.add(key, value(depth + 1));
                    }
                    return map.build();
                }
                default -> throw refused("an ext value has no JSON form");
            }
        }

        private String string() throws IOException, FrameDecoder.MalformedFrameException {
            byte[] utf8 = in.readPayload(claimed(in.unpackRawStringHeader(), 1));
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
            } catch (CharacterCodingException e) {
                throw refused("a str that is not UTF-8");
            }
        }

        private void deeper(int depth) throws FrameDecoder.MalformedFrameException {
            if (depth > MAX_DEPTH) {
                throw refused("nested deeper than " + MAX_DEPTH + " levels");
            }
        }

        /**
         * {@code count} items of at least {@code minBytes} each must fit in what is left of the
         * frame: a header claiming more is malformed, and nothing is allocated for it.
         */
        private int claimed(int count, int minBytes) throws FrameDecoder.MalformedFrameException {
            if (count < 0 || (long) count * minBytes > bytes - in.getTotalReadBytes()) {
                throw refused("a length of " + Integer.toUnsignedString(count) + " beyond the frame's end");
            }
            return count;
        }

        private FrameDecoder.MalformedFrameException refused(String what) {
            return new FrameDecoder.MalformedFrameException("not valid MessagePack at byte " + in.getTotalReadBytes()
                    + " of " + bytes + ": " + what);
        }
    }
}
