package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The MessagePack form of frames both ways, as the README's table and examples give it. */
@Timeout(30)
class MsgpackCodecTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.trim().replaceAll("\\s+", " "));
    }

    private static String hexOf(JsonValue value) {
        return HEX.formatHex(MsgpackCodec.encode(value));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void theReadmesPingIsSeventeenBytes() {
        assertThat(hexOf(ClientFrames.ping("p1"))).isEqualTo("82 a4 74 79 70 65 a4 70 69 6e 67 a2 69 64 a2 70 31");
    }

    @Test
    void theReadmesMessageWithBytesDecodesToItsRecord() throws Exception {
        byte[] frame = hex("""
                86 a4 74 79 70 65 a7 6d 65 73 73 61 67 65 a7 63 68 61 6e 6e 65 6c a1 63
                a3 73 65 71 12 a4 64 61 74 61 c4 02 01 02 a4 66 72 6f 6d a3 62 6f 62
                a2 74 73 cf 00 00 01 a2 13 e1 9f 64""");
        List<JsonValue> objects = MsgpackCodec.decodeAll(frame);
        assertThat(objects).hasSize(1);
        // exactly what a text client reads for it
        assertThat(objects.get(0).toString())
                .isEqualTo("{\"type\":\"message\",\"channel\":\"c\",\"seq\":18,\"data\":{\"$bin\":\"AQI=\"},\"from\":\"bob\",\"ts\":1795629883236}");
        ServerFrame.Message m = (ServerFrame.Message) FrameDecoder.decode(objects.get(0)).orElseThrow();
        assertThat(m).isEqualTo(new ServerFrame.Message("c", 18, Bytes.of(new byte[] {1, 2}), "bob", 1795629883236L));
        assertThat(Bytes.from(m.data())).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2));
    }

    @Test
    void everyJsonTypeTakesItsSmallestFormAndComesBackEqual() {
        assertThat(hexOf(Json.createValue(0))).isEqualTo("00");
        assertThat(hexOf(Json.createValue(127))).isEqualTo("7f");
        assertThat(hexOf(Json.createValue(128))).isEqualTo("cc 80");
        assertThat(hexOf(Json.createValue(-1))).isEqualTo("ff");
        assertThat(hexOf(Json.createValue(-33))).isEqualTo("d0 df");
        assertThat(hexOf(Json.createValue(65536))).isEqualTo("ce 00 01 00 00");
        assertThat(hexOf(Json.createValue(Long.MIN_VALUE))).isEqualTo("d3 80 00 00 00 00 00 00 00");
        assertThat(hexOf(Json.createValue(new BigInteger("18446744073709551615")))).isEqualTo("cf ff ff ff ff ff ff ff ff");
        assertThat(hexOf(Json.createValue(new BigInteger("18446744073709551616")))).startsWith("cb ");
        assertThat(hexOf(Json.createValue(1.5))).isEqualTo("cb 3f f8 00 00 00 00 00 00");
        assertThat(hexOf(Json.createValue("é"))).isEqualTo("a2 c3 a9");
        assertThat(hexOf(JsonValue.TRUE)).isEqualTo("c3");
        assertThat(hexOf(JsonValue.FALSE)).isEqualTo("c2");
        assertThat(hexOf(JsonValue.NULL)).isEqualTo("c0");
        assertThat(hexOf(Json.createArrayBuilder().add(1).add("a").build())).isEqualTo("92 01 a1 61");

        JsonObject all = Json.createObjectBuilder()
                .add("s", "text with \"quotes\" and ünïcode")
                .add("ints", Json.createArrayBuilder().add(0).add(-1).add(127).add(128).add(-33).add(65535)
                        .add(4294967296L).add(Long.MIN_VALUE).add(Long.MAX_VALUE)
                        .add(new BigInteger("18446744073709551615")))
                .add("float", 1.5).add("t", true).add("f", false).addNull("n")
                .add("nested", Json.createObjectBuilder().add("a", Json.createArrayBuilder().add(Json.createArrayBuilder())))
                .add("empty", Json.createObjectBuilder())
                .add("bytes", Bytes.of(new byte[] {0, (byte) 0xff, 7}))
                .build();
        assertThat(decodeOne(MsgpackCodec.encode(all))).isEqualTo(all);
    }

    @Test
    void bytesTravelAsBinAndOnlyAnExactBinObjectIsBytes() {
        assertThat(hexOf(Bytes.of(new byte[] {1, 2}))).isEqualTo("c4 02 01 02");
        assertThat(hexOf(Bytes.of(new byte[0]))).isEqualTo("c4 00");
        // padding may be left out, as the hub reads it
        assertThat(hexOf(Json.createObjectBuilder().add("$bin", "AQI").build())).isEqualTo("c4 02 01 02");
        assertThat(hexOf(Json.createObjectBuilder().add("$bin", "not base64!").build())).startsWith("81 a4 24 62 69 6e");
        assertThat(hexOf(Json.createObjectBuilder().add("$bin", "AQI=").add("x", 1).build())).startsWith("82 ");
        assertThat(hexOf(Json.createObjectBuilder().add("$bin", 12).build())).startsWith("81 ");

        assertThat(Bytes.from(Bytes.of(new byte[] {9}))).hasValueSatisfying(b -> assertThat(b).containsExactly(9));
        assertThat(Bytes.from(Json.createValue("AQI="))).isEmpty();
        assertThat(Bytes.from(Json.createObjectBuilder().add("$bin", "AQI=").add("x", 1).build())).isEmpty();
        assertThat(Bytes.from(Json.createObjectBuilder().add("$bin", "@@").build())).isEmpty();
        assertThat(Bytes.from(JsonValue.NULL)).isEmpty();
    }

    @Test
    void objectsBackToBackAreReadInOrderUntilTheBytesAreUsedUp() throws Exception {
        byte[] frame = concat(MsgpackCodec.encode(Json.createObjectBuilder().add("type", "pong").add("id", "a").build()),
                MsgpackCodec.encode(Json.createObjectBuilder().add("type", "ack").add("id", "b").add("seq", 3).build()),
                MsgpackCodec.encode(Json.createObjectBuilder().add("type", "future-type").add("v", 2).build()),
                MsgpackCodec.encode(Json.createObjectBuilder().add("type", "deleted").add("channel", "c").add("seq", 4).build()));
        List<JsonValue> objects = MsgpackCodec.decodeAll(frame);
        assertThat(objects).hasSize(4);
        assertThat(FrameDecoder.decode(objects.get(0))).contains(new ServerFrame.Pong("a"));
        assertThat(FrameDecoder.decode(objects.get(1))).contains(new ServerFrame.Ack("b", 3, false));
        assertThat(FrameDecoder.decode(objects.get(2))).isEmpty();
        assertThat(FrameDecoder.decode(objects.get(3))).contains(new ServerFrame.Deleted("c", 4));
        assertThat(MsgpackCodec.decodeAll(new byte[0])).isEmpty();
    }

    @Test
    void aBadObjectEndsTheFrameAfterTheGoodOnesBeforeIt() throws Exception {
        byte[] frame = concat(MsgpackCodec.encode(ClientFrames.ping("p")), hex("c1"));
        MsgpackCodec.Frame objects = new MsgpackCodec.Frame(ByteBuffer.wrap(frame));
        assertThat(objects.hasNext()).isTrue();
        assertThat(objects.next()).isEqualTo(ClientFrames.ping("p"));
        assertThatThrownBy(() -> {
            while (objects.hasNext()) {
                objects.next();
            }
        }).isInstanceOf(FrameDecoder.MalformedFrameException.class).hasMessageContaining("c1");
    }

    @Test
    void malformedInputIsRefusedWithTheReason() {
        refused("82 a4 74 79", "beyond the frame's end");
        refused("82 a4 74 79 70 65", "cut short");
        refused("cd 01", "cut short");
        refused("c1", "never-used byte c1");
        refused("db 7f ff ff ff", "beyond the frame's end");
        refused("c6 ff ff ff ff 00", "beyond the frame's end");
        refused("dd 7f ff ff ff 01", "beyond the frame's end");
        refused("df 7f ff ff ff 01", "beyond the frame's end");
        refused("81 01 02", "map key that is not a str");
        refused("d4 01 00", "ext value");
        refused("c7 00 ff", "ext value");
        refused("cb 7f f8 00 00 00 00 00 00", "NaN or infinite");
        refused("ca 7f 80 00 00", "NaN or infinite");
        refused("a2 c3 28", "not UTF-8");
        refused("91".repeat(MsgpackCodec.MAX_DEPTH + 1) + "c0", "nested deeper than");
    }

    @Test
    void aFloat32AndNestingUpToTheLimitAreRead() throws Exception {
        assertThat(decodeOne(hex("ca 3f c0 00 00"))).isEqualTo(Json.createValue(1.5));
        String deep = "91 ".repeat(MsgpackCodec.MAX_DEPTH) + "c0";
        assertThat(MsgpackCodec.decodeAll(hex(deep))).hasSize(1);
    }

    private static void refused(String spacedHex, String reason) {
        byte[] bytes = spacedHex.contains(" ") ? hex(spacedHex) : HexFormat.of().parseHex(spacedHex);
        assertThatThrownBy(() -> MsgpackCodec.decodeAll(bytes)).as(spacedHex.length() > 40 ? "deep nesting" : spacedHex)
                .isInstanceOf(FrameDecoder.MalformedFrameException.class)
                .hasMessageContaining("not valid MessagePack").hasMessageContaining(reason);
    }

    private static JsonValue decodeOne(byte[] bytes) {
        try {
            List<JsonValue> all = MsgpackCodec.decodeAll(bytes);
            assertThat(all).hasSize(1);
            return all.get(0);
        } catch (FrameDecoder.MalformedFrameException e) {
            throw new AssertionError(e);
        }
    }
}
