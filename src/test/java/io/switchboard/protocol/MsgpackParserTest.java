package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

class MsgpackParserTest {

    private static final int MAX_DEPTH = 64;
    private static final int MAX_BYTES = 65536;

    private final MsgpackParser parser = new MsgpackParser(MAX_DEPTH, MAX_BYTES);

    interface Packing {
        void pack(MessagePacker p) throws IOException;
    }

    static byte[] pack(Packing packing) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            packing.pack(p);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An echo frame whose data is whatever {@code data} packs. */
    static byte[] echo(Packing data) {
        return pack(p -> {
            p.packMapHeader(2).packString("type").packString("echo").packString("data");
            data.pack(p);
        });
    }

    private ClientFrame parse(byte[] bytes) {
        return parser.parse(ByteBuffer.wrap(bytes));
    }

    private JsonValue echoed(Packing data) {
        ClientFrame frame = parse(echo(data));
        assertThat(frame).isInstanceOf(ClientFrame.Echo.class);
        return ((ClientFrame.Echo) frame).data();
    }

    private ClientFrame.Malformed malformed(byte[] bytes, ErrorCode expected) {
        ClientFrame frame = parse(bytes);
        assertThat(frame).as("%s", HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 40)))
                .isInstanceOf(ClientFrame.Malformed.class);
        ClientFrame.Malformed m = (ClientFrame.Malformed) frame;
        assertThat(m.code()).as("error code, message %s", m.message()).isEqualTo(expected);
        assertThat(m.message()).isNotBlank();
        return m;
    }

    // ------------------------------------------------------------------ requests

    @Test
    void theReadmeExamplePingParses() {
        byte[] ping = HexFormat.of().parseHex("82a474797065a470696e67a26964a27031");
        assertThat(parse(ping)).isEqualTo(new ClientFrame.Ping("p1"));
    }

    @Test
    void requestsParseAsTheirJsonFormsDo() {
        FrameParser json = new FrameParser(MAX_DEPTH, MAX_BYTES);
        byte[] publish = pack(p -> p.packMapHeader(4)
                .packString("type").packString("publish")
                .packString("channel").packString("orders.eu-1")
                .packString("data").packMapHeader(1).packString("order").packInt(42)
                .packString("id").packString("m-0001"));
        assertThat(parse(publish)).isEqualTo(json.parse(
                "{\"type\":\"publish\",\"channel\":\"orders.eu-1\",\"data\":{\"order\":42},\"id\":\"m-0001\"}"));
        byte[] subscribe = pack(p -> p.packMapHeader(4)
                .packString("type").packString("subscribe")
                .packString("channel").packString("c")
                .packString("since").packMapHeader(2).packString("seq").packInt(17).packString("epoch").packString("e1")
                .packString("id").packString("s2"));
        assertThat(parse(subscribe)).isEqualTo(new ClientFrame.Subscribe("c", new ClientFrame.Since(17, "e1"), "s2"));
        byte[] history = pack(p -> p.packMapHeader(4)
                .packString("type").packString("history")
                .packString("channel").packString("c")
                .packString("before").packInt(18)
                .packString("limit").packInt(50));
        assertThat(parse(history)).isEqualTo(new ClientFrame.History("c", 18L, 50, null));
    }

    @Test
    void fieldRulesAreTheTextProtocolsOnes() {
        ClientFrame.Malformed m = malformed(pack(p -> p.packMapHeader(2)
                .packString("type").packString("subscribe").packString("channel").packString("bad name")), ErrorCode.INVALID);
        assertThat(m.message()).contains("channel");
        malformed(pack(p -> p.packMapHeader(1).packString("type").packInt(1)), ErrorCode.INVALID);
        assertThat(parse(pack(p -> p.packMapHeader(2).packString("type").packString("nope").packString("id").packString("x"))))
                .isEqualTo(new ClientFrame.Malformed(ErrorCode.UNKNOWN_TYPE, "unknown type: nope", "x"));
        malformed(pack(p -> p.packMapHeader(1).packString("type").packString("echo")), ErrorCode.INVALID);
    }

    // ------------------------------------------------------------------ every type

    @Test
    void everyMessagePackTypeBecomesItsJsonValue() {
        assertThat(echoed(MessagePacker::packNil)).isEqualTo(JsonValue.NULL);
        assertThat(echoed(p -> p.packBoolean(true))).isEqualTo(JsonValue.TRUE);
        assertThat(echoed(p -> p.packBoolean(false))).isEqualTo(JsonValue.FALSE);
        assertThat(echoed(p -> p.packString("né € 𝄞"))).isEqualTo(Json.createValue("né € 𝄞"));
        assertThat(echoed(p -> p.packArrayHeader(3).packInt(1).packString("a").packNil()))
                .isEqualTo(Json.createArrayBuilder().add(1).add("a").addNull().build());
        assertThat(echoed(p -> p.packMapHeader(2).packString("a").packInt(1).packString("b").packArrayHeader(0)))
                .isEqualTo(Json.createObjectBuilder().add("a", 1).add("b", Json.createArrayBuilder()).build());
    }

    @Test
    void integersOfEveryWidthKeepTheirValue() {
        long[] values = {0, 1, 127, 128, 255, 256, 65535, 65536, -1, -32, -33, -128, -129, -32768, -32769,
                Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            JsonValue data = echoed(p -> p.packLong(v));
            assertThat(((JsonNumber) data).longValueExact()).as("%d", v).isEqualTo(v);
            assertThat(data.toString()).isEqualTo(Long.toString(v));
        }
        BigInteger uint64Max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        assertThat(echoed(p -> p.packBigInteger(uint64Max)).toString()).isEqualTo("18446744073709551615");
    }

    @Test
    void floatsBecomeJsonNumbersAndNonFiniteOnesAreInvalid() {
        assertThat(((JsonNumber) echoed(p -> p.packDouble(1.5))).doubleValue()).isEqualTo(1.5);
        assertThat(((JsonNumber) echoed(p -> p.packDouble(-2.0E300))).doubleValue()).isEqualTo(-2.0E300);
        assertThat(((JsonNumber) echoed(p -> p.packFloat(0.25f))).doubleValue()).isEqualTo(0.25);
        assertThat(((JsonNumber) echoed(p -> p.packFloat(1.1f))).doubleValue()).isEqualTo((double) 1.1f);
        malformed(echo(p -> p.packDouble(Double.NaN)), ErrorCode.INVALID);
        malformed(echo(p -> p.packDouble(Double.POSITIVE_INFINITY)), ErrorCode.INVALID);
        malformed(echo(p -> p.packFloat(Float.NEGATIVE_INFINITY)), ErrorCode.INVALID);
    }

    @Test
    void binAnywhereInDataBecomesTheBase64Object() {
        byte[] bytes = {0, 1, 2, (byte) 0xFE, (byte) 0xFF};
        JsonValue data = echoed(p -> p.packMapHeader(1).packString("file")
                .packArrayHeader(1).packBinaryHeader(bytes.length).writePayload(bytes));
        assertThat(data.toString()).isEqualTo("{\"file\":[{\"$bin\":\"AAEC/v8=\"}]}");
        assertThat(echoed(p -> p.packBinaryHeader(0)).toString()).isEqualTo("{\"$bin\":\"\"}");
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void mapKeysMustBeStrings() {
        malformed(echo(p -> p.packMapHeader(1).packInt(1).packString("one")), ErrorCode.INVALID);
        malformed(pack(p -> p.packMapHeader(2).packString("type").packString("ping").packBinaryHeader(1).writePayload(new byte[] {'a'}).packNil()),
                ErrorCode.INVALID);
    }

    @Test
    void extTypesAreInvalid() {
        malformed(echo(p -> p.packExtensionTypeHeader((byte) 1, 2).writePayload(new byte[] {1, 2})), ErrorCode.INVALID);
        malformed(echo(p -> p.packTimestamp(1_700_000_000L)), ErrorCode.INVALID);
    }

    @Test
    void malformedMessagePackIsBadJson() {
        byte[] ping = pack(p -> p.packMapHeader(1).packString("type").packString("ping"));
        malformed(new byte[0], ErrorCode.BAD_JSON);
        malformed(Arrays.copyOf(ping, ping.length - 1), ErrorCode.BAD_JSON);        // cut short
        malformed(new byte[] {(byte) 0xC1}, ErrorCode.BAD_JSON);                      // never used
        malformed(echo(p -> p.addPayload(new byte[] {(byte) 0xC1})), ErrorCode.BAD_JSON);
        malformed(concat(ping, ping), ErrorCode.BAD_JSON);                             // two objects
        malformed(pack(p -> p.packArrayHeader(1).packString("ping")), ErrorCode.BAD_JSON);  // not a map
        malformed(pack(p -> p.packString("ping")), ErrorCode.BAD_JSON);
        // A str of invalid UTF-8.
        malformed(echo(p -> p.packRawStringHeader(2).writePayload(new byte[] {(byte) 0xC3, 0x28})), ErrorCode.BAD_JSON);
    }

    @Test
    void lengthsBeyondTheFrameAreMalformedAndAllocateNothing() {
        // Headers claiming 2^32-1 items or bytes in a frame of a few bytes.
        malformed(echo(p -> p.addPayload(new byte[] {(byte) 0xDD, -1, -1, -1, -1})), ErrorCode.BAD_JSON);  // array32
        malformed(echo(p -> p.addPayload(new byte[] {(byte) 0xDF, -1, -1, -1, -1})), ErrorCode.BAD_JSON);  // map32
        malformed(echo(p -> p.addPayload(new byte[] {(byte) 0xC6, -1, -1, -1, -1})), ErrorCode.BAD_JSON);  // bin32
        malformed(echo(p -> p.addPayload(new byte[] {(byte) 0xDB, 0x7F, -1, -1, -1})), ErrorCode.BAD_JSON);  // str32
        malformed(echo(p -> p.addPayload(new byte[] {(byte) 0xDC, 0x00, 0x05, 1, 2})), ErrorCode.BAD_JSON);  // array16 of 5, 2 given
    }

    @Test
    void aFrameOverTheSizeLimitIsTooLarge() {
        MsgpackParser small = new MsgpackParser(MAX_DEPTH, 100);
        byte[] over = echo(p -> p.packString("x".repeat(100)));
        assertThat(small.parse(ByteBuffer.wrap(over))).isEqualTo(new ClientFrame.TooLarge(over.length, null));
        byte[] at = echo(p -> p.packString("x".repeat(100 - 1 - 5 - 5 - 5 - 2)));
        assertThat(at).hasSize(100);
        assertThat(small.parse(ByteBuffer.wrap(at))).isInstanceOf(ClientFrame.Echo.class);
    }

    @Test
    void nestingIsLimitedAsInJsonWithBinCountingAsTheObjectItIs() {
        // The frame map is level 1, so data may hold MAX_DEPTH - 1 levels.
        assertThat(parse(nested(MAX_DEPTH - 1, false))).isInstanceOf(ClientFrame.Echo.class);
        assertThat(malformed(nested(MAX_DEPTH, false), ErrorCode.BAD_JSON).message()).contains("deeper than 64");
        assertThat(parse(nested(MAX_DEPTH - 2, true))).isInstanceOf(ClientFrame.Echo.class);
        malformed(nested(MAX_DEPTH - 1, true), ErrorCode.BAD_JSON);
        // The same limits as the text parser's.
        FrameParser json = new FrameParser(MAX_DEPTH, MAX_BYTES);
        ClientFrame deepest = parse(nested(MAX_DEPTH - 2, true));
        String text = "{\"type\":\"echo\",\"data\":" + ((ClientFrame.Echo) deepest).data() + "}";
        assertThat(json.parse(text)).isInstanceOf(ClientFrame.Echo.class);
    }

    /** An echo whose data is {@code levels} nested arrays, the innermost holding a bin when {@code bin}. */
    private static byte[] nested(int levels, boolean bin) {
        return echo(p -> {
            for (int i = 0; i < levels; i++) {
                p.packArrayHeader(i == levels - 1 && !bin ? 0 : 1);
            }
            if (bin) {
                p.packBinaryHeader(1).writePayload(new byte[] {7});
            }
        });
    }

    @Test
    void aBufferIsReadFromItsPositionToItsLimit() {
        byte[] ping = pack(p -> p.packMapHeader(1).packString("type").packString("ping"));
        byte[] padded = concat(new byte[] {9, 9}, concat(ping, new byte[] {9}));
        ByteBuffer buffer = ByteBuffer.wrap(padded, 2, ping.length);
        assertThat(parser.parse(buffer)).isEqualTo(new ClientFrame.Ping(null));
        ByteBuffer direct = ByteBuffer.allocateDirect(ping.length).put(ping).flip();
        assertThat(parser.parse(direct)).isEqualTo(new ClientFrame.Ping(null));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void dataRoundTripsThroughTheWriter() {
        JsonObject data = Json.createObjectBuilder()
                .add("s", "text").add("i", -7).add("big", Long.MAX_VALUE).add("f", 0.5).add("t", true)
                .addNull("n").add("a", Json.createArrayBuilder().add(1).add(Json.createObjectBuilder()))
                .add("bytes", Json.createObjectBuilder().add("$bin", "AAEC/v8="))
                .build();
        JsonObject frame = Json.createObjectBuilder().add("type", "echo").add("data", data).build();
        assertThat(parse(MsgpackWriter.write(frame))).isEqualTo(new ClientFrame.Echo(data, null));
    }
}
