package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrameWriterTest {

    private static final JsonObject ORDER = Json.createObjectBuilder().add("order", 42).build();

    private static JsonObject parseObject(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    @Test
    void pongIsCompactWithOptionalId() {
        assertThat(FrameWriter.write(new ServerFrame.Pong(null))).isEqualTo("{\"type\":\"pong\"}");
        assertThat(FrameWriter.write(new ServerFrame.Pong("p1"))).isEqualTo("{\"type\":\"pong\",\"id\":\"p1\"}");
    }

    @Test
    void echoCarriesDataUnchangedThenId() {
        JsonValue data = Json.createObjectBuilder()
                .add("anything", Json.createArrayBuilder().add("at all").add(1).addNull()).build();
        assertThat(FrameWriter.write(new ServerFrame.EchoReply(data, null)))
                .isEqualTo("{\"type\":\"echo\",\"data\":{\"anything\":[\"at all\",1,null]}}");
        assertThat(FrameWriter.write(new ServerFrame.EchoReply(JsonValue.NULL, "e1")))
                .isEqualTo("{\"type\":\"echo\",\"data\":null,\"id\":\"e1\"}");
    }

    @Test
    void broadcastCarriesDataAndFrom() {
        assertThat(FrameWriter.write(new ServerFrame.BroadcastMessage(Json.createValue("hello everyone"),
                "4f1c2a9be0d37a61")))
                .isEqualTo("{\"type\":\"broadcast\",\"data\":\"hello everyone\",\"from\":\"4f1c2a9be0d37a61\"}");
    }

    @Test
    void subscribedCarriesChannelSeqEpochPresenceRecoveredAndId() {
        assertThat(FrameWriter.write(new ServerFrame.Subscribed("orders.eu-1", 17, "9f3c2a1be04d7c55",
                List.of("alice", "bob"), null, "s1")))
                .isEqualTo("{\"type\":\"subscribed\",\"channel\":\"orders.eu-1\",\"seq\":17,\"epoch\":\"9f3c2a1be04d7c55\","
                        + "\"presence\":[{\"user\":\"alice\"},{\"user\":\"bob\"}],\"id\":\"s1\"}");
        assertThat(FrameWriter.write(new ServerFrame.Subscribed("lobby", 0, "e", null, true, null)))
                .isEqualTo("{\"type\":\"subscribed\",\"channel\":\"lobby\",\"seq\":0,\"epoch\":\"e\",\"recovered\":true}");
        assertThat(FrameWriter.write(new ServerFrame.Subscribed("lobby", 0, "e", List.of(), false, null)))
                .isEqualTo("{\"type\":\"subscribed\",\"channel\":\"lobby\",\"seq\":0,\"epoch\":\"e\",\"presence\":[],\"recovered\":false}");
    }

    @Test
    void duplicateAckSaysSo() {
        assertThat(FrameWriter.write(new ServerFrame.Ack("m1", 3, true)))
                .isEqualTo("{\"type\":\"ack\",\"id\":\"m1\",\"seq\":3,\"duplicate\":true}");
    }

    @Test
    void deletedPresenceAndHistoryFrames() {
        assertThat(FrameWriter.write(new ServerFrame.Deleted("c", 18)))
                .isEqualTo("{\"type\":\"deleted\",\"channel\":\"c\",\"seq\":18}");
        assertThat(FrameWriter.write(new ServerFrame.Presence("c", true, "bob")))
                .isEqualTo("{\"type\":\"presence\",\"channel\":\"c\",\"join\":{\"user\":\"bob\"}}");
        assertThat(FrameWriter.write(new ServerFrame.Presence("c", false, "bob")))
                .isEqualTo("{\"type\":\"presence\",\"channel\":\"c\",\"leave\":{\"user\":\"bob\"}}");
        assertThat(FrameWriter.write(new ServerFrame.History("c", "e", List.of(
                new ServerFrame.HistoryEntry(16, "\"hi\"", "bob", 5, false),
                new ServerFrame.HistoryEntry(17, null, "bob", 6, true)), "h1")))
                .isEqualTo("{\"type\":\"history\",\"channel\":\"c\",\"epoch\":\"e\",\"messages\":["
                        + "{\"seq\":16,\"data\":\"hi\",\"from\":\"bob\",\"ts\":5},"
                        + "{\"seq\":17,\"deleted\":true,\"from\":\"bob\",\"ts\":6}],\"id\":\"h1\"}");
        assertThat(FrameWriter.write(new ServerFrame.History("c", "e", List.of(), null)))
                .isEqualTo("{\"type\":\"history\",\"channel\":\"c\",\"epoch\":\"e\",\"messages\":[]}");
    }

    @Test
    void unsubscribedCarriesChannelAndId() {
        assertThat(FrameWriter.write(new ServerFrame.Unsubscribed("orders.eu-1", null)))
                .isEqualTo("{\"type\":\"unsubscribed\",\"channel\":\"orders.eu-1\"}");
        assertThat(FrameWriter.write(new ServerFrame.Unsubscribed("orders.eu-1", "u1")))
                .isEqualTo("{\"type\":\"unsubscribed\",\"channel\":\"orders.eu-1\",\"id\":\"u1\"}");
    }

    @Test
    void ackCarriesIdThenSeq() {
        assertThat(FrameWriter.write(new ServerFrame.Ack("m-0001", 18)))
                .isEqualTo("{\"type\":\"ack\",\"id\":\"m-0001\",\"seq\":18}");
        assertThat(FrameWriter.write(new ServerFrame.Ack(null, 1))).isEqualTo("{\"type\":\"ack\",\"seq\":1}");
    }

    @Test
    void messageCarriesChannelSeqDataFromAndTs() {
        assertThat(FrameWriter.write(new ServerFrame.ChannelMessage("orders.eu-1", 18, ORDER,
                "4f1c2a9be0d37a61", 1795629883236L)))
                .isEqualTo("{\"type\":\"message\",\"channel\":\"orders.eu-1\",\"seq\":18,\"data\":{\"order\":42},"
                        + "\"from\":\"4f1c2a9be0d37a61\",\"ts\":1795629883236}");
    }

    @Test
    void fanOutFramesWrittenFromTheirFieldsAreTheFramesWritten() {
        assertThat(FrameWriter.message("orders.eu-1", 18, "{\"order\":42}", "4f1c2a9be0d37a61", 1795629883236L))
                .isEqualTo(FrameWriter.write(new ServerFrame.ChannelMessage("orders.eu-1", 18, ORDER,
                        "4f1c2a9be0d37a61", 1795629883236L)));
        assertThat(FrameWriter.deleted("c", 18)).isEqualTo(FrameWriter.write(new ServerFrame.Deleted("c", 18)));
        assertThat(FrameWriter.presence("c", false, "bob"))
                .isEqualTo(FrameWriter.write(new ServerFrame.Presence("c", false, "bob")));
        assertThat(FrameWriter.broadcast("\"hi\"", "alice"))
                .isEqualTo("{\"type\":\"broadcast\",\"data\":\"hi\",\"from\":\"alice\"}");
        assertThat(FrameWriter.entry(new StringBuilder(), 17, null, "bob", 6, true).toString())
                .isEqualTo("{\"seq\":17,\"deleted\":true,\"from\":\"bob\",\"ts\":6}");
    }

    @Test
    void errorCarriesWireCodeMessageAndId() {
        assertThat(FrameWriter.write(new ServerFrame.Error(ErrorCode.INVALID,
                "channel must match [A-Za-z0-9._:-]{1,128}", "s2")))
                .isEqualTo("{\"type\":\"error\",\"code\":\"invalid\","
                        + "\"message\":\"channel must match [A-Za-z0-9._:-]{1,128}\",\"id\":\"s2\"}");
        assertThat(FrameWriter.write(new ServerFrame.Error(ErrorCode.BAD_JSON, "not valid JSON", null)))
                .isEqualTo("{\"type\":\"error\",\"code\":\"bad_json\",\"message\":\"not valid JSON\"}");
        assertThat(FrameWriter.write(new ServerFrame.Error(ErrorCode.UNKNOWN_TYPE, "x", null)))
                .contains("\"code\":\"unknown_type\"");
    }

    @Test
    void largeSequenceNumbersAndTimestampsAreWrittenInFull() {
        assertThat(FrameWriter.write(new ServerFrame.Ack(null, Long.MAX_VALUE)))
                .isEqualTo("{\"type\":\"ack\",\"seq\":9223372036854775807}");
    }

    @Test
    void specialCharactersUseTheShortEscapes() {
        assertThat(FrameWriter.write(new ServerFrame.Pong("q\"b\\n\nr\rt\tb\bf\f")))
                .isEqualTo("{\"type\":\"pong\",\"id\":\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\f\"}");
    }

    @Test
    void otherControlCharactersUseLowercaseUnicodeEscapes() {
        assertThat(FrameWriter.write(new ServerFrame.Pong("\u0000\u0001\u001f\u0010\u000b")))
                .isEqualTo("{\"type\":\"pong\",\"id\":\"\\u0000\\u0001\\u001f\\u0010\\u000b\"}");
    }

    @Test
    void nonAsciiAndEmojiAreWrittenAsIs() {
        assertThat(FrameWriter.write(new ServerFrame.Pong("é€😀\u007f\u2028")))
                .isEqualTo("{\"type\":\"pong\",\"id\":\"é€😀\u007f\u2028\"}");
    }

    static Stream<String> awkwardStrings() {
        StringBuilder allControls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            allControls.append(c);
        }
        return Stream.of("", "plain", "\"", "\\", "\\\"", "\"\\\"", "line1\nline2\r\n", "\n", "\r\n\r\n",
                allControls.toString(), "é ñ ü ß", "€", "中文字符", "😀🎉👍🏽", "mix \"😀\"\n\\u0041",
                "</script>", "\u2028\u2029", "\u007f", "{\"not\":\"json\"}");
    }

    @ParameterizedTest
    @MethodSource("awkwardStrings")
    void everyStringFieldRoundTripsAndNoOutputHasARawNewline(String s) {
        JsonValue data = Json.createObjectBuilder().add(s, s)
                .add("list", Json.createArrayBuilder().add(s)).build();
        List<ServerFrame> frames = List.of(
                new ServerFrame.Pong(s),
                new ServerFrame.EchoReply(Json.createValue(s), s),
                new ServerFrame.EchoReply(data, s),
                new ServerFrame.BroadcastMessage(data, s),
                new ServerFrame.Subscribed(s, 3, s, List.of(s), true, s),
                new ServerFrame.Presence(s, true, s),
                new ServerFrame.Unsubscribed(s, s),
                new ServerFrame.Ack(s, 4),
                new ServerFrame.ChannelMessage(s, 5, data, s, 6),
                new ServerFrame.Error(ErrorCode.INVALID, s, s));
        for (ServerFrame frame : frames) {
            String json = FrameWriter.write(frame);
            assertThat(json).as("%s", frame).doesNotContain("\n").doesNotContain("\r");
            JsonObject o = parseObject(json);
            assertThat(o.containsKey("type")).isTrue();
            if (frame instanceof ServerFrame.Pong) {
                assertThat(o.getString("id")).isEqualTo(s);
            } else if (frame instanceof ServerFrame.EchoReply f) {
                assertThat(o.get("data")).isEqualTo(f.data());
                assertThat(o.getString("id")).isEqualTo(s);
            } else if (frame instanceof ServerFrame.BroadcastMessage) {
                assertThat(o.get("data")).isEqualTo(data);
                assertThat(o.getString("from")).isEqualTo(s);
            } else if (frame instanceof ServerFrame.Subscribed) {
                assertThat(o.getString("channel")).isEqualTo(s);
                assertThat(o.getJsonNumber("seq").longValue()).isEqualTo(3);
                assertThat(o.getString("id")).isEqualTo(s);
            } else if (frame instanceof ServerFrame.Unsubscribed) {
                assertThat(o.getString("channel")).isEqualTo(s);
                assertThat(o.getString("id")).isEqualTo(s);
            } else if (frame instanceof ServerFrame.Ack) {
                assertThat(o.getString("id")).isEqualTo(s);
                assertThat(o.getJsonNumber("seq").longValue()).isEqualTo(4);
            } else if (frame instanceof ServerFrame.ChannelMessage) {
                assertThat(o.getString("channel")).isEqualTo(s);
                assertThat(o.getJsonNumber("seq").longValue()).isEqualTo(5);
                assertThat(o.get("data")).isEqualTo(data);
                assertThat(o.getString("from")).isEqualTo(s);
                assertThat(o.getJsonNumber("ts").longValue()).isEqualTo(6);
            } else if (frame instanceof ServerFrame.Error) {
                assertThat(o.getString("code")).isEqualTo("invalid");
                assertThat(o.getString("message")).isEqualTo(s);
                assertThat(o.getString("id")).isEqualTo(s);
            }
        }
    }

    @Test
    void everyFrameTypeRoundTripsWithTheDocumentedFieldSet() {
        assertThat(parseObject(FrameWriter.write(new ServerFrame.ChannelMessage("c", 1, JsonValue.NULL, "f", 2)))
                .keySet()).containsExactly("type", "channel", "seq", "data", "from", "ts");
        assertThat(parseObject(FrameWriter.write(new ServerFrame.Error(ErrorCode.BAD_JSON, "m", "i"))).keySet())
                .containsExactly("type", "code", "message", "id");
        assertThat(parseObject(FrameWriter.write(new ServerFrame.BroadcastMessage(JsonValue.TRUE, "f"))).keySet())
                .containsExactly("type", "data", "from");
    }

    @Test
    void encoderDelegatesToTheWriter() {
        ServerFrame frame = new ServerFrame.Ack("a", 9);
        assertThat(new FrameEncoder().encode(frame)).isEqualTo(FrameWriter.write(frame));
    }
}
