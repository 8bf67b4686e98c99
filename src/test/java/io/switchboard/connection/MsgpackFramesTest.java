package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.connection.TestConnections.TestConnection;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.FrameWriter;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.Subprotocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/** Frames for {@code switchboard.v1+msgpack} connections: binary, shared, coalesced back to back. */
class MsgpackFramesTest {

    /** Every MessagePack object in a binary frame's payload, in order. */
    static List<Value> objects(OutboundFrame frame) throws IOException {
        assertThat(frame.isBinary()).as("a binary frame: %s", frame).isTrue();
        List<Value> values = new ArrayList<>();
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(frame.wire(), frame.payloadOffset(), frame.bytes())) {
            while (in.hasNext()) {
                values.add(in.unpackValue());
            }
        }
        return values;
    }

    private static OutboundFrame binary(String json) {
        return OutboundFrame.of(json).msgpack();
    }

    @Test
    void aMsgpackFrameIsABinaryFrameHoldingTheObject() throws IOException {
        OutboundFrame frame = binary("{\"type\":\"pong\",\"id\":\"p1\"}");
        assertThat(frame.wire()[0] & 0xFF).as("FIN and opcode 2 (binary)").isEqualTo(0x82);
        assertThat(frame.wire()[1] & 0xFF).as("unmasked, length %d", frame.bytes()).isEqualTo(frame.bytes());
        assertThat(objects(frame)).hasSize(1);
        assertThat(objects(frame).get(0).toJson()).isEqualTo("{\"type\":\"pong\",\"id\":\"p1\"}");
    }

    @Test
    void aLargeMsgpackFrameUsesTheLongerLengthForms() {
        OutboundFrame frame = binary("{\"data\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(frame.wire()[0] & 0xFF).isEqualTo(0x82);
        assertThat(frame.wire()[1] & 0xFF).as("64-bit length").isEqualTo(127);
        assertThat(frame.payloadOffset()).isEqualTo(10);
    }

    @Test
    void queuedMsgpackFramesAreCoalescedBackToBackInOneBinaryFrame() throws IOException {
        List<OutboundFrame> written = new ArrayList<>();
        List<Consumer<Throwable>> callbacks = new ArrayList<>();
        OutboundQueue q = new OutboundQueue(recording(written, callbacks), new OutboundQueueTest.RecordingListener(),
                Runnable::run, 1L << 30, 65536);
        q.offer(binary("{\"seq\":1}"));
        q.offer(binary("{\"seq\":2}"));
        q.offer(binary("{\"seq\":3,\"data\":{\"$bin\":\"AQI=\"}}"));
        q.offer(binary("{\"seq\":4}"));
        assertThat(written).hasSize(1);
        int waiting = binary("{\"seq\":2}").bytes() + binary("{\"seq\":3,\"data\":{\"$bin\":\"AQI=\"}}").bytes()
                + binary("{\"seq\":4}").bytes();
        assertThat(q.queuedBytes()).isEqualTo(binary("{\"seq\":1}").bytes() + waiting);

        callbacks.get(0).accept(null);

        assertThat(written).hasSize(2);
        OutboundFrame batch = written.get(1);
        assertThat(batch.wire()[0] & 0xFF).as("one binary frame").isEqualTo(0x82);
        assertThat(batch.bytes()).as("no separator between the objects").isEqualTo(waiting);
        List<Value> objects = objects(batch);
        assertThat(objects).extracting(Value::toJson)
                .containsExactly("{\"seq\":2}", "{\"seq\":3,\"data\":\"\\u0001\\u0002\"}", "{\"seq\":4}");
        assertThat(objects.get(1).asMapValue().map().values()).anySatisfy(v -> assertThat(v.isBinaryValue()).isTrue());
        assertThat(q.queuedBytes()).as("the batch's bytes, in flight").isEqualTo(waiting);
        callbacks.get(1).accept(null);
        assertThat(q.queuedBytes()).isZero();
    }

    @Test
    void msgpackBatchesFillUpToTheLimitWithoutSeparators() throws IOException {
        List<OutboundFrame> written = new ArrayList<>();
        List<Consumer<Throwable>> callbacks = new ArrayList<>();
        OutboundFrame one = binary("{\"a\":1}");     // 81 a1 61 01: 4 bytes
        assertThat(one.bytes()).isEqualTo(4);
        OutboundQueue q = new OutboundQueue(recording(written, callbacks), new OutboundQueueTest.RecordingListener(),
                Runnable::run, 1L << 30, 12);
        q.offer(one);
        for (int i = 0; i < 4; i++) {
            q.offer(binary("{\"a\":1}"));
        }
        callbacks.get(0).accept(null);
        assertThat(written.get(1).bytes()).as("three objects make exactly the limit").isEqualTo(12);
        assertThat(objects(written.get(1))).hasSize(3);
        callbacks.get(1).accept(null);
        assertThat(objects(written.get(2))).hasSize(1);
    }

    @Test
    void aFanOutMessageIsEncodedOncePerSubprotocolAndSharedBySubscribers() throws IOException {
        TestConnection text1 = TestConnections.open("t1");
        TestConnection text2 = TestConnections.open("t2");
        TestConnection pack1 = TestConnections.open("m1", Subprotocol.V1_MSGPACK);
        TestConnection pack2 = TestConnections.open("m2", Subprotocol.V1_MSGPACK);
        OutboundFrame message = OutboundFrame.message(
                FrameWriter.message("c", 7, "{\"$bin\":\"AQI=\"}", "alice", 1_700_000_000_000L), 1_700_000_000_000L);
        for (TestConnection c : List.of(text1, pack1, text2, pack2)) {
            c.connection().queueForSendThreads(message);
        }

        OutboundFrame toText1 = text1.sink().frames().get(0);
        OutboundFrame toText2 = text2.sink().frames().get(0);
        OutboundFrame toPack1 = pack1.sink().frames().get(0);
        OutboundFrame toPack2 = pack2.sink().frames().get(0);
        assertThat(toText1.wire()).as("text subscribers get the text bytes as encoded").isSameAs(message.wire());
        assertThat(toText2.wire()).isSameAs(message.wire());
        assertThat(toPack1.wire()).as("MessagePack subscribers share one encoding").isSameAs(toPack2.wire());
        assertThat(toPack1.isBinary()).isTrue();
        assertThat(toPack1.publishedMillis()).as("still a live message, for the latency").isEqualTo(1_700_000_000_000L);
        Value m = objects(toPack1).get(0);
        assertThat(m.toJson()).isEqualTo(
                "{\"type\":\"message\",\"channel\":\"c\",\"seq\":7,\"data\":\"\\u0001\\u0002\",\"from\":\"alice\",\"ts\":1700000000000}");
        Value data = m.asMapValue().map().get(org.msgpack.value.ValueFactory.newString("data"));
        assertThat(data.isBinaryValue()).isTrue();
        assertThat(data.asBinaryValue().asByteArray()).containsExactly(1, 2);
        assertThat(text1.sink().lines()).containsExactly(
                "{\"type\":\"message\",\"channel\":\"c\",\"seq\":7,\"data\":{\"$bin\":\"AQI=\"},\"from\":\"alice\",\"ts\":1700000000000}");
    }

    @Test
    void repliesToAMsgpackConnectionAreMsgpack() throws IOException {
        TestConnection pack = TestConnections.open("m", Subprotocol.V1_MSGPACK);
        pack.connection().replyOnMessageThread(new ServerFrame.Ack("m-1", 18));
        pack.connection().replyOnMessageThread(new ServerFrame.Pong(null));
        assertThat(pack.sink().frames()).hasSize(2).allSatisfy(f -> assertThat(f.isBinary()).isTrue());
        assertThat(objects(pack.sink().frames().get(0)).get(0).toJson()).isEqualTo("{\"type\":\"ack\",\"id\":\"m-1\",\"seq\":18}");
        assertThat(objects(pack.sink().frames().get(1)).get(0).toJson()).isEqualTo("{\"type\":\"pong\"}");
        assertThat(pack.sink().lines()).as("no text frame").isEmpty();
    }

    @Test
    void aTextConnectionGetsTextOnly() {
        TestConnection text = TestConnections.open("t", Subprotocol.V1);
        text.connection().replyOnMessageThread(new ServerFrame.Pong("p"));
        text.connection().queueForSendThreads(OutboundFrame.of("{\"type\":\"x\"}"));
        assertThat(text.sink().frames()).noneSatisfy(f -> assertThat(f.isBinary()).isTrue());
        assertThat(text.sink().lines()).containsExactly("{\"type\":\"pong\",\"id\":\"p\"}", "{\"type\":\"x\"}");
    }

    private static FrameSink recording(List<OutboundFrame> written, List<Consumer<Throwable>> callbacks) {
        return new FrameSink() {
            @Override
            public void send(OutboundFrame frame, Consumer<Throwable> done) {
                written.add(frame);
                callbacks.add(done);
            }

            @Override
            public void ping() {
            }

            @Override
            public void close(CloseCode code) {
            }

            @Override
            public void abort() {
            }

            @Override
            public void closeLost() {
            }
        };
    }
}
