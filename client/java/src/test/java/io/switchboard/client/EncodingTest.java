package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The encoding a client is built with, against a hub that answers what the test wants: what it
 * offers and sends, what it reads back, and how it ends a connection that speaks something else.
 */
@Timeout(90)
class EncodingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static SwitchboardClient.Builder builder(FakeHub hub, List<StateChange> states) {
        return SwitchboardClient.builder(hub.base()).apiKey("sbk_test").onState(states::add)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    private static StateChange awaitClosed(List<StateChange> states) {
        await().atMost(WAIT).until(() -> !states.isEmpty() && states.get(states.size() - 1).state() == ConnectionState.CLOSED);
        return states.get(states.size() - 1);
    }

    @Test
    void aMsgpackClientSendsMapsInBinaryFramesAndReadsObjectsBackToBack() throws Exception {
        List<StateChange> states = new CopyOnWriteArrayList<>();
        List<ChannelEvent> events = new CopyOnWriteArrayList<>();
        try (FakeHub hub = new FakeHub();
             SwitchboardClient client = builder(hub, states).encoding(Encoding.MSGPACK).build()) {
            client.subscribe("c", events::add);
            client.connect();
            assertThat(hub.handshake(Encoding.MSGPACK.subprotocol())).isEqualTo("switchboard.v1+msgpack");

            FakeHub.Frame subscribe = hub.read();
            assertThat(subscribe.opcode()).as("a binary frame").isEqualTo(2);
            List<JsonValue> sent = MsgpackCodec.decodeAll(subscribe.payload());
            assertThat(sent).hasSize(1);
            JsonObject request = sent.get(0).asJsonObject();
            assertThat(request.getString("type")).isEqualTo("subscribe");
            assertThat(request.getString("channel")).isEqualTo("c");

            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.writeBytes(MsgpackCodec.encode(jakarta.json.Json.createObjectBuilder().add("type", "subscribed")
                    .add("channel", "c").add("seq", 0).add("epoch", "e").add("id", request.getString("id")).build()));
            frame.writeBytes(MsgpackCodec.encode(jakarta.json.Json.createObjectBuilder().add("type", "message")
                    .add("channel", "c").add("seq", 1).add("data", Bytes.of(new byte[] {1, 2, 3})).add("from", "bob")
                    .add("ts", 5).build()));
            hub.sendBinary(frame.toByteArray());

            await().atMost(WAIT).until(() -> events.size() == 2);
            assertThat(events.get(0)).isInstanceOf(ServerFrame.Subscribed.class);
            ServerFrame.Message m = (ServerFrame.Message) events.get(1);
            assertThat(m.seq()).isEqualTo(1);
            assertThat(Bytes.from(m.data())).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        }
    }

    @Test
    void aHubThatAnswersNoSubprotocolToMsgpackEndsTheClientSayingSo() throws Exception {
        List<StateChange> states = new CopyOnWriteArrayList<>();
        try (FakeHub hub = new FakeHub();
             SwitchboardClient client = builder(hub, states).encoding(Encoding.MSGPACK).build()) {
            client.connect();
            hub.handshake("");
            StateChange closed = awaitClosed(states);
            assertThat(closed.closeCode()).isEqualTo(4000);
            assertThat(closed.reason()).contains("answered subprotocol ''").contains("switchboard.v1+msgpack");
            assertThat(closed.reconnect()).isFalse();
            assertThat(hub.read().opcode()).as("the client's close frame").isEqualTo(8);
        }
    }

    @Test
    void aTextFrameOnAMsgpackConnectionEndsTheClientWith1003() throws Exception {
        List<StateChange> states = new CopyOnWriteArrayList<>();
        try (FakeHub hub = new FakeHub();
             SwitchboardClient client = builder(hub, states).encoding(Encoding.MSGPACK).build()) {
            client.connect();
            hub.handshake(Encoding.MSGPACK.subprotocol());
            hub.sendText("{\"type\":\"pong\"}");
            StateChange closed = awaitClosed(states);
            assertThat(closed.closeCode()).isEqualTo(1003);
            assertThat(closed.reason()).isEqualTo("a text frame on switchboard.v1+msgpack");
            assertThat(closed.reconnect()).isFalse();
        }
    }

    @Test
    void aBinaryFrameOnAJsonConnectionEndsTheClientWith1003() throws Exception {
        List<StateChange> states = new CopyOnWriteArrayList<>();
        try (FakeHub hub = new FakeHub(); SwitchboardClient client = builder(hub, states).build()) {
            client.connect();
            assertThat(hub.handshake(Encoding.JSON.subprotocol())).isEqualTo("switchboard.v1");
            hub.sendBinary(MsgpackCodec.encode(ClientFrames.ping("p")));
            StateChange closed = awaitClosed(states);
            assertThat(closed.closeCode()).isEqualTo(1003);
            assertThat(closed.reason()).isEqualTo("a binary frame on switchboard.v1");
        }
    }

    @Test
    void aBadMsgpackFrameIsSkippedAndTheConnectionGoesOn() throws Exception {
        List<StateChange> states = new CopyOnWriteArrayList<>();
        List<ServerFrame> frames = new CopyOnWriteArrayList<>();
        try (FakeHub hub = new FakeHub();
             SwitchboardClient client = builder(hub, states).encoding(Encoding.MSGPACK).onFrame(frames::add).build()) {
            client.connect();
            hub.handshake(Encoding.MSGPACK.subprotocol());
            ByteArrayOutputStream bad = new ByteArrayOutputStream();
            bad.writeBytes(MsgpackCodec.encode(jakarta.json.Json.createObjectBuilder().add("type", "pong").add("id", "a").build()));
            bad.write(0xc1);
            hub.sendBinary(bad.toByteArray());
            hub.sendBinary(MsgpackCodec.encode(jakarta.json.Json.createObjectBuilder().add("type", "pong").add("id", "b").build()));
            await().atMost(WAIT).until(() -> frames.size() == 2);
            assertThat(frames).containsExactly(new ServerFrame.Pong("a"), new ServerFrame.Pong("b"));
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        }
    }
}
