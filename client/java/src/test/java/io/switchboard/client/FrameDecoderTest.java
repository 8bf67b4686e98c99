package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static ServerFrame decode(String line) throws Exception {
        Optional<ServerFrame> frame = FrameDecoder.decode(line);
        assertThat(frame).as("decoded %s", line).isPresent();
        return frame.get();
    }

    @Test
    void coalescedFramesSplitOnNewlinesInOrder() {
        assertThat(FrameDecoder.lines("{\"type\":\"pong\"}\n{\"type\":\"pong\",\"id\":\"2\"}\n\n{\"type\":\"x\"}\n"))
                .containsExactly("{\"type\":\"pong\"}", "{\"type\":\"pong\",\"id\":\"2\"}", "{\"type\":\"x\"}");
        assertThat(FrameDecoder.lines("{\"type\":\"pong\"}")).containsExactly("{\"type\":\"pong\"}");
        assertThat(FrameDecoder.lines("")).isEmpty();
    }

    @Test
    void everyReadmeExampleDecodes() throws Exception {
        assertThat(decode("{\"type\":\"pong\",\"id\":\"p1\"}")).isEqualTo(new ServerFrame.Pong("p1"));
        assertThat(decode("{\"type\":\"pong\"}")).isEqualTo(new ServerFrame.Pong(null));
        assertThat(decode("{\"type\":\"echo\",\"data\":{\"anything\":[\"at all\",1,null]}}"))
                .isEqualTo(new ServerFrame.Echo(Json.createObjectBuilder()
                        .add("anything", Json.createArrayBuilder().add("at all").add(1).addNull()).build(), null));
        assertThat(decode("{\"type\":\"broadcast\",\"data\":\"hello everyone\",\"from\":\"alice\"}"))
                .isEqualTo(new ServerFrame.Broadcast(Json.createValue("hello everyone"), "alice"));
        assertThat(decode("{\"type\":\"subscribed\",\"channel\":\"orders.eu-1\",\"seq\":17,\"epoch\":\"9f3c2a1be04d7c55\","
                + "\"presence\":[{\"user\":\"alice\"},{\"user\":\"bob\"}],\"id\":\"s1\"}"))
                .isEqualTo(new ServerFrame.Subscribed("orders.eu-1", 17, "9f3c2a1be04d7c55", List.of("alice", "bob"), null, "s1"));
        assertThat(decode("{\"type\":\"subscribed\",\"channel\":\"c\",\"seq\":20,\"epoch\":\"e\",\"recovered\":true}"))
                .isEqualTo(new ServerFrame.Subscribed("c", 20, "e", null, true, null));
        assertThat(decode("{\"type\":\"unsubscribed\",\"channel\":\"c\",\"id\":\"u\"}"))
                .isEqualTo(new ServerFrame.Unsubscribed("c", "u"));
        assertThat(decode("{\"type\":\"ack\",\"id\":\"m-0001\",\"seq\":18}")).isEqualTo(new ServerFrame.Ack("m-0001", 18, false));
        assertThat(decode("{\"type\":\"ack\",\"id\":\"m\",\"seq\":18,\"duplicate\":true}")).isEqualTo(new ServerFrame.Ack("m", 18, true));
        assertThat(decode("{\"type\":\"message\",\"channel\":\"c\",\"seq\":18,\"data\":{\"order\":42},\"from\":\"alice\",\"ts\":1795629883236}"))
                .isEqualTo(new ServerFrame.Message("c", 18, Json.createObjectBuilder().add("order", 42).build(), "alice", 1795629883236L));
        assertThat(decode("{\"type\":\"message\",\"channel\":\"c\",\"seq\":1,\"data\":null,\"from\":\"a\",\"ts\":1}"))
                .isEqualTo(new ServerFrame.Message("c", 1, JsonValue.NULL, "a", 1));
        assertThat(decode("{\"type\":\"deleted\",\"channel\":\"c\",\"seq\":18}")).isEqualTo(new ServerFrame.Deleted("c", 18));
        assertThat(decode("{\"type\":\"presence\",\"channel\":\"c\",\"join\":{\"user\":\"bob\"}}"))
                .isEqualTo(new ServerFrame.Presence("c", "bob", true));
        assertThat(decode("{\"type\":\"presence\",\"channel\":\"c\",\"leave\":{\"user\":\"bob\"}}"))
                .isEqualTo(new ServerFrame.Presence("c", "bob", false));
        assertThat(decode("{\"type\":\"history\",\"channel\":\"c\",\"epoch\":\"e\",\"messages\":[{\"seq\":16,\"data\":\"hi\","
                + "\"from\":\"bob\",\"ts\":1795629880000},{\"seq\":17,\"deleted\":true,\"from\":\"bob\",\"ts\":1795629881000}],\"id\":\"h1\"}"))
                .isEqualTo(new ServerFrame.History("c", "e", List.of(
                        new ServerFrame.HistoryEntry(16, Json.createValue("hi"), "bob", 1795629880000L, false),
                        new ServerFrame.HistoryEntry(17, null, "bob", 1795629881000L, true)), "h1"));
        assertThat(decode("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"too many\",\"id\":\"b7\"}"))
                .isEqualTo(new ServerFrame.Error("rate_limited", "too many", "b7"));
    }

    @Test
    void unknownTypesAndFieldsAreIgnored() throws Exception {
        assertThat(FrameDecoder.decode("{\"type\":\"welcome\",\"v\":2}")).isEmpty();
        assertThat(decode("{\"type\":\"ack\",\"id\":\"m\",\"seq\":3,\"shard\":\"x\",\"extra\":[1]}"))
                .isEqualTo(new ServerFrame.Ack("m", 3, false));
    }

    @Test
    void eachFrameKeepsTheObjectItCameFromUnknownFieldsIncluded() throws Exception {
        String line = "{\"type\":\"message\",\"channel\":\"c\",\"seq\":7,\"data\":{\"n\":1},\"from\":\"bob\",\"ts\":5,"
                + "\"region\":\"eu\",\"trace\":[1,{\"x\":null}]}";
        ServerFrame fromText = decode(line);
        assertThat(fromText.raw().toString()).isEqualTo(line);
        assertThat(fromText).isEqualTo(new ServerFrame.Message("c", 7, Json.createObjectBuilder().add("n", 1).build(), "bob", 5));

        JsonObject object = Json.createReader(new StringReader(line)).readObject();
        MsgpackCodec.Frame packed = new MsgpackCodec.Frame(ByteBuffer.wrap(MsgpackCodec.encode(object)));
        Optional<ServerFrame> fromMsgpack = FrameDecoder.decode(packed.next());
        assertThat(fromMsgpack).isPresent();
        assertThat(fromMsgpack.get().raw()).isEqualTo(object);
        assertThat(fromMsgpack.get().raw().toString()).as("in the order it came").isEqualTo(line);

        ServerFrame.History history = (ServerFrame.History) decode("{\"type\":\"history\",\"channel\":\"c\",\"epoch\":\"e\","
                + "\"messages\":[{\"seq\":1,\"data\":2,\"ts\":3,\"edited\":true}],\"id\":\"h\",\"more\":false}");
        assertThat(history.raw().getBoolean("more")).isFalse();
        assertThat(history.raw().getJsonArray("messages").getJsonObject(0).getBoolean("edited")).isTrue();
        assertThat(new ServerFrame.Pong("p").raw()).as("a frame made in code").isEmpty();
    }

    @Test
    void malformedLinesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> FrameDecoder.decode("not json")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> FrameDecoder.decode("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> FrameDecoder.decode("{\"type\":1}")).hasMessageContaining("no string type");
        assertThatThrownBy(() -> FrameDecoder.decode("{\"type\":\"message\",\"channel\":\"c\"}")).hasMessageContaining("bad message frame");
        assertThatThrownBy(() -> FrameDecoder.decode("{\"type\":\"ack\",\"seq\":\"x\"}")).hasMessageContaining("bad ack frame");
        assertThatThrownBy(() -> FrameDecoder.decode("{\"type\":\"presence\",\"channel\":\"c\"}")).hasMessageContaining("join or leave");
    }
}
