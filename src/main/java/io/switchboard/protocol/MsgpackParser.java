package io.switchboard.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Turns one client binary frame of {@code switchboard.v1+msgpack} into a {@link ClientFrame}, by
 * way of the JSON value it stands for, so both subprotocols share one set of rules. Never throws:
 * anything it cannot accept becomes a {@link ClientFrame.Malformed}, with the codes the text path
 * uses ({@code bad_json} for what is not one well-formed MessagePack map within the depth limit).
 *
 * <p>A {@code bin} becomes {@link BinJson}'s object, one level deeper, so data stored from a
 * MessagePack client passes the same depth limit when a text client reads it.
 */
public final class MsgpackParser {

    private static final JsonProvider JSON = JsonProvider.provider();

    private final int maxDepth;
    private final int maxBytes;
    private final MessagePack.UnpackerConfig config;

    public MsgpackParser(int maxDepth, int maxBytes) {
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
        // Invalid UTF-8 in a str is an error, not replaced; no str can be longer than the frame.
        this.config = new MessagePack.UnpackerConfig()
                .withActionOnMalformedString(CodingErrorAction.REPORT)
                .withActionOnUnmappableString(CodingErrorAction.REPORT)
                .withStringSizeLimit(Math.max(1, maxBytes));
    }

    public ClientFrame parse(ByteBuffer frame) {
        int bytes = frame.remaining();
        if (bytes > maxBytes) {
            return new ClientFrame.TooLarge(bytes, null);
        }
        if (bytes == 0) {
            return badJson("empty frame");
        }
        try (MessageUnpacker in = unpacker(frame)) {
            if (in.getNextFormat().getValueType() != ValueType.MAP) {
                return badJson("a frame must be a MessagePack map");
            }
            JsonValue value = new Reader(in, bytes).value(1);
            // One object per frame: anything after it makes the frame malformed.
            if (in.hasNext()) {
                return badJson("one MessagePack object per frame");
            }
            return FrameParser.fromObject((JsonObject) value);
        } catch (Refusal r) {
            return new ClientFrame.Malformed(r.code, r.getMessage(), null);
        } catch (MessagePackException | IOException | NumberFormatException e) {
            return badJson("not valid MessagePack");
        }
    }

    // The library reads a direct buffer through JDK internals that Java 17 does not open to it.
    private MessageUnpacker unpacker(ByteBuffer frame) {
        if (frame.hasArray()) {
            return config.newUnpacker(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        }
        byte[] copy = new byte[frame.remaining()];
        frame.duplicate().get(copy);
        return config.newUnpacker(copy);
    }

    private static ClientFrame badJson(String message) {
        return new ClientFrame.Malformed(ErrorCode.BAD_JSON, message, null);
    }

    /** One frame's reading; {@code bytes} bounds every length the frame claims. */
    private final class Reader {

        private final MessageUnpacker in;
        private final long bytes;

        Reader(MessageUnpacker in, long bytes) {
            this.in = in;
            this.bytes = bytes;
        }

        JsonValue value(int depth) throws IOException {
            MessageFormat format = in.getNextFormat();
            switch (format.getValueType()) {
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
                        throw new Refusal(ErrorCode.INVALID, "NaN and infinite floats have no JSON form");
                    }
                    return JSON.createValue(d);
                }
                case STRING -> {
                    return JSON.createValue(in.unpackString());
                }
                case BINARY -> {
                    deeper(depth);
                    return BinJson.of(in.readPayload(claimed(in.unpackBinaryHeader(), 1)));
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
                            throw new Refusal(ErrorCode.INVALID, "map keys must be strings");
                        }
                        String key = in.unpackString();
                        map.add(key, value(depth + 1));
                    }
                    return map.build();
                }
                case EXTENSION -> throw new Refusal(ErrorCode.INVALID, "MessagePack ext types are not accepted");
                default -> throw new Refusal(ErrorCode.BAD_JSON, "not valid MessagePack");
            }
        }

        private void deeper(int depth) {
            if (depth > maxDepth) {
                throw new Refusal(ErrorCode.BAD_JSON, "MessagePack nested deeper than " + maxDepth + " levels");
            }
        }

        /**
         * {@code count} items of at least {@code minBytes} each must fit in what is left of the
         * frame: a header claiming more is malformed, and nothing is allocated for it.
         */
        private int claimed(int count, int minBytes) {
            if (count < 0 || (long) count * minBytes > bytes - in.getTotalReadBytes()) {
                throw new Refusal(ErrorCode.BAD_JSON, "not valid MessagePack");
            }
            return count;
        }
    }

    /** Ends the reading of a frame with an error frame's code and message. */
    private static final class Refusal extends RuntimeException {
        private final ErrorCode code;

        Refusal(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
