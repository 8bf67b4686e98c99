package io.switchboard.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * Writes JSON values as MessagePack, each in its natural type: object as map, array, string as
 * str, an integer as int in its smallest form (up to 2^64-1; beyond that, and any other number, as
 * float64), true/false as bool, null as nil; and {@link BinJson}'s {@code {"$bin":..}} as bin.
 *
 * <p>A server frame for a MessagePack connection is its JSON text written this way: one encoder
 * for every frame, and a fan-out message is encoded once for all the MessagePack subscribers.
 */
public final class MsgpackWriter {

    private static final JsonParserFactory PARSERS = JsonProvider.provider().createParserFactory(Map.of());
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private MsgpackWriter() {
    }

    /** The MessagePack form of one JSON text, given as {@code length} bytes of UTF-8 from {@code offset}. */
    public static byte[] fromJson(byte[] utf8, int offset, int length) {
        JsonValue value;
        try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(utf8, offset, length),
                StandardCharsets.UTF_8)) {
            parser.next();
            value = parser.getValue();
        }
        return write(value);
    }

    public static byte[] write(JsonValue value) {
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            write(out, value);
            return out.toByteArray();
        } catch (IOException e) {
            // A buffer packer writes to memory only.
            throw new UncheckedIOException(e);
        }
    }

    public static void write(MessagePacker out, JsonValue value) throws IOException {
        switch (value.getValueType()) {
            case OBJECT -> {
                JsonObject object = (JsonObject) value;
                byte[] bin = object.size() == 1 ? BinJson.bytesOf(object) : null;
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
}
