package io.switchboard.protocol;

import static io.switchboard.testing.MsgpackClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.MsgpackClient;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.websocket.Extension;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.glassfish.tyrus.ext.extension.deflate.PerMessageDeflateExtension;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code switchboard.v1+msgpack} against the real server, as README "MessagePack frames" has it:
 * negotiation, the frames in MessagePack, bytes crossing between MessagePack and text clients,
 * history and recovery, errors, the 1003 and 1009 closes, and coalesced binary frames.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MsgpackIT {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    @Deployment(testable = false)
    static WebArchive deployment() {
        // A large outbound bound, so the slow reader of the coalescing test is never closed as a
        // slow consumer: its backlog only has to outgrow what the sockets buffer.
        return Deployments.war("msgpack", Map.of("switchboard.outbound.max-bytes", "67108864"));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    private MsgpackClient bob() {
        return MsgpackClient.connect(ws, Login.shared(ws, "bob"));
    }

    @Test
    void theHandshakeAnswersMsgpackAndAPingInTheReadmesBytesGetsAPong() throws IOException {
        try (RawWebSocket c = RawWebSocket.connect(ws, List.of(MsgpackClient.PROTOCOL))) {
            assertThat(c.handshake().header("Sec-WebSocket-Protocol")).isEqualTo("switchboard.v1+msgpack");
            c.sendFrame(true, 0, RawWebSocket.BINARY, true,
                    HEX.parseHex("82 a4 74 79 70 65 a4 70 69 6e 67 a2 69 64 a2 70 31"));
            RawWebSocket.Frame pong = c.readFrame();
            while (pong.opcode() == RawWebSocket.PING) {
                pong = c.readFrame();
            }
            assertThat(pong.opcode()).as("%s", pong).isEqualTo(RawWebSocket.BINARY);
            // {"type":"pong","id":"p1"}
            assertThat(HEX.formatHex(pong.payload())).isEqualTo("82 a4 74 79 70 65 a4 70 6f 6e 67 a2 69 64 a2 70 31");
            c.sendCloseQuietly(1000);
        }
    }

    @Test
    void aClientOfferingBothGetsTheFirstItListsAndOneOfferingNoneGetsText() {
        try (RawWebSocket c = RawWebSocket.connect(ws, List.of(MsgpackClient.PROTOCOL, WsClient.V1))) {
            assertThat(c.handshake().header("Sec-WebSocket-Protocol")).isEqualTo("switchboard.v1+msgpack");
        }
        try (RawWebSocket c = RawWebSocket.connect(ws, List.of(WsClient.V1, MsgpackClient.PROTOCOL))) {
            assertThat(c.handshake().header("Sec-WebSocket-Protocol")).isEqualTo("switchboard.v1");
        }
        try (WsClient c = WsClient.connect(ws, List.of(), List.of(), null)) {
            c.send("{\"type\":\"ping\"}");
            assertThat(c.next().getString("type")).isEqualTo("pong");
        }
    }

    @Test
    void messagesCrossBetweenAMsgpackAndATextClientEachInItsOwnEncoding() {
        String ch = "mixed-" + System.nanoTime();
        try (WsClient alice = WsClient.connect(ws); MsgpackClient bob = bob()) {
            alice.send("{\"type\":\"subscribe\",\"channel\":\"" + ch + "\",\"id\":\"s1\"}");
            assertThat(alice.expect("subscribed").getString("id")).isEqualTo("s1");
            bob.send(map("type", "subscribe", "channel", ch, "id", "s1"));
            Map<String, Object> subscribed = bob.expect("subscribed");
            assertThat(subscribed).containsEntry("channel", ch).containsEntry("seq", 0L).containsEntry("id", "s1");
            assertThat(subscribed.get("presence")).isInstanceOf(List.class);

            // Bytes from the MessagePack client: a bin, which the text client sees as {"$bin":base64}.
            bob.send(map("type", "publish", "channel", ch, "id", "m1",
                    "data", map("file", new byte[] {3, 4, 5}, "n", 1, "f", 1.5, "s", "é", "none", null)));
            // The publisher's own message may come before or after its ack.
            Map<String, Object> ack = null;
            Map<String, Object> own = null;
            while (ack == null || own == null) {
                Map<String, Object> o = bob.next();
                assertThat(o.get("type")).as("%s", o).isIn("ack", "message", "presence");
                if ("ack".equals(o.get("type"))) {
                    ack = o;
                } else if ("message".equals(o.get("type"))) {
                    own = o;
                }
            }
            assertThat(ack).containsEntry("id", "m1").containsEntry("seq", 1L);
            assertThat(own).containsEntry("channel", ch).containsEntry("seq", 1L).containsEntry("from", "bob");
            assertThat(own.get("ts")).isInstanceOf(Number.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> ownData = (Map<String, Object>) own.get("data");
            assertThat((byte[]) ownData.get("file")).containsExactly(3, 4, 5);
            assertThat(ownData).containsEntry("n", 1L).containsEntry("f", 1.5).containsEntry("s", "é").containsEntry("none", null);

            JsonObject seen = alice.next("message");
            assertThat(seen.getJsonNumber("seq").longValue()).isEqualTo(1);
            assertThat(seen.getString("from")).isEqualTo("bob");
            assertThat(seen.get("data").toString())
                    .isEqualTo("{\"file\":{\"$bin\":\"AwQF\"},\"n\":1,\"f\":1.5,\"s\":\"é\",\"none\":null}");

            // Bytes from the text client, as {"$bin":..}: the MessagePack client sees a bin.
            alice.send("{\"type\":\"publish\",\"channel\":\"" + ch + "\",\"data\":{\"$bin\":\"AQI=\"},\"id\":\"a1\"}");
            JsonObject aliceAck = null;
            JsonObject aliceOwn = null;
            while (aliceAck == null || aliceOwn == null) {
                JsonObject f = alice.next();
                assertThat(f.getString("type")).as("%s", f).isIn("ack", "message");
                if ("ack".equals(f.getString("type"))) {
                    aliceAck = f;
                } else {
                    aliceOwn = f;
                }
            }
            assertThat(aliceAck.getJsonNumber("seq").longValue()).isEqualTo(2);
            assertThat(aliceOwn.get("data").toString()).isEqualTo("{\"$bin\":\"AQI=\"}");
            Map<String, Object> fromAlice = bob.next(o -> "message".equals(o.get("type")));
            assertThat(fromAlice).containsEntry("seq", 2L).containsEntry("from", "alice");
            assertThat((byte[]) fromAlice.get("data")).containsExactly(1, 2);
            assertThat(bob.textFrames()).as("no text frame to a MessagePack client").isZero();
        }
    }

    @Test
    void historyAndRecoveryComeInMsgpack() {
        String ch = "recover-" + System.nanoTime();
        String epoch;
        try (WsClient alice = WsClient.connect(ws)) {
            alice.send("{\"type\":\"subscribe\",\"channel\":\"" + ch + "\"}");
            epoch = alice.expect("subscribed").getString("epoch");
            for (int i = 1; i <= 3; i++) {
                alice.send("{\"type\":\"publish\",\"channel\":\"" + ch + "\",\"data\":{\"i\":" + i
                        + ",\"b\":{\"$bin\":\"/w==\"}},\"id\":\"h" + i + "\"}");
                assertThat(alice.expect("ack").getJsonNumber("seq").longValue()).isEqualTo(i);
            }
        }
        try (MsgpackClient bob = bob()) {
            bob.send(map("type", "history", "channel", ch, "limit", 2, "id", "h"));
            Map<String, Object> history = bob.expect("history");
            assertThat(history).containsEntry("channel", ch).containsEntry("epoch", epoch).containsEntry("id", "h");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> messages = (List<Map<String, Object>>) history.get("messages");
            assertThat(messages).extracting(m -> m.get("seq")).containsExactly(2L, 3L);
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) messages.get(0).get("data");
            assertThat(data).containsEntry("i", 2L);
            assertThat((byte[]) data.get("b")).containsExactly(0xFF);

            bob.send(map("type", "subscribe", "channel", ch, "since", map("seq", 1, "epoch", epoch), "id", "r"));
            Map<String, Object> subscribed = bob.expect("subscribed");
            assertThat(subscribed).containsEntry("recovered", true).containsEntry("seq", 3L).containsEntry("id", "r");
            for (long seq = 2; seq <= 3; seq++) {
                Map<String, Object> missed = bob.next();
                assertThat(missed).containsEntry("type", "message").containsEntry("seq", seq);
                @SuppressWarnings("unchecked")
                Map<String, Object> missedData = (Map<String, Object>) missed.get("data");
                assertThat((byte[]) missedData.get("b")).containsExactly(0xFF);
            }
        }
    }

    @Test
    void badRequestsGetErrorFramesInMsgpackAndTheConnectionStaysUsable() {
        try (MsgpackClient bob = bob()) {
            bob.sendBytes(new byte[] {(byte) 0x82, (byte) 0xa4, 't'});       // cut short
            assertThat(bob.expect("error")).containsEntry("code", "bad_json");
            bob.sendBytes(MsgpackClient.encode(List.of("ping")));            // not a map
            assertThat(bob.expect("error")).containsEntry("code", "bad_json");
            bob.send(map("type", "echo", "data", Map.of(1L, "integer key")));
            assertThat(bob.expect("error")).containsEntry("code", "invalid");
            bob.send(map("type", "subscribe", "channel", "bad name", "id", "s9"));
            Map<String, Object> error = bob.expect("error");
            assertThat(error).containsEntry("code", "invalid").containsEntry("id", "s9");
            assertThat((String) error.get("message")).contains("channel");
            bob.send(map("type", "nope", "id", "n"));
            assertThat(bob.expect("error")).containsEntry("code", "unknown_type").containsEntry("id", "n");

            bob.send(map("type", "ping", "id", "still"));
            assertThat(bob.expect("pong")).containsEntry("id", "still");
        }
    }

    @Test
    void withPermessageDeflateTheFramesGoThroughTheContainersBinarySend() {
        List<Extension> deflate = List.of(new PerMessageDeflateExtension());
        try (MsgpackClient bob = MsgpackClient.connect(ws, Login.shared(ws, "bob"), deflate, null)) {
            assertThat(bob.session().getNegotiatedExtensions()).extracting(Extension::getName)
                    .containsExactly("permessage-deflate");
            byte[] bytes = new byte[20_000];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i % 7);
            }
            bob.send(map("type", "echo", "data", map("b", bytes, "s", "compress me ".repeat(1000)), "id", "e"));
            Map<String, Object> echo = bob.expect("echo");
            assertThat(echo).containsEntry("id", "e");
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) echo.get("data");
            assertThat((byte[]) data.get("b")).isEqualTo(bytes);
            assertThat(data).containsEntry("s", "compress me ".repeat(1000));
            assertThat(bob.textFrames()).isZero();
        }
    }

    @Test
    void aTextFrameOnAMsgpackConnectionClosesWith1003() {
        try (MsgpackClient bob = bob()) {
            bob.sendText("{\"type\":\"ping\"}");
            assertThat(bob.awaitClose().getCloseCode().getCode()).isEqualTo(1003);
        }
    }

    @Test
    void aBinaryFrameOverTheMessageLimitClosesWith1009() {
        try (MsgpackClient bob = bob()) {
            bob.send(map("type", "echo", "data", new byte[70_000]));
            assertThat(bob.awaitClose().getCloseCode().getCode()).isEqualTo(1009);
        }
    }

    @Test
    void aSlowReaderGetsSeveralObjectsBackToBackInOneBinaryFrameAllInOrder() {
        String ch = "firehose-" + System.nanoTime();
        // More than the sockets can buffer between server and client (a few MB on loopback), so
        // sends stall while the reader waits and what queues meanwhile goes out coalesced.
        int messages = 800;
        String payload = "x".repeat(8_000);
        CountDownLatch stalled = new CountDownLatch(1);
        try (MsgpackClient slow = MsgpackClient.connect(ws, Login.shared(ws, "bob"), stalled);
             WsClient publisher = WsClient.connect(ws)) {
            slow.send(map("type", "subscribe", "channel", ch));
            publisher.send("{\"type\":\"subscribe\",\"channel\":\"" + ch + "\"}");
            publisher.expect("subscribed");
            for (int i = 1; i <= messages; i++) {
                publisher.send("{\"type\":\"publish\",\"channel\":\"" + ch + "\",\"data\":{\"i\":" + i
                        + ",\"p\":\"" + payload + "\"}}");
            }
            for (int i = 1; i <= messages; i++) {
                assertThat(publisher.next("ack").getJsonNumber("seq").longValue()).isEqualTo(i);
            }
            stalled.countDown();

            assertThat(slow.expect("subscribed")).containsEntry("channel", ch);
            for (long i = 1; i <= messages; i++) {
                Map<String, Object> m = slow.next(o -> !"presence".equals(o.get("type")));
                assertThat(m).containsEntry("type", "message").containsEntry("seq", i);
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) m.get("data");
                assertThat(data).containsEntry("i", i);
            }
            assertThat(slow.framesWithSeveralObjects()).as("frames holding several objects, of %d", slow.binaryFrames())
                    .isPositive();
            assertThat(slow.binaryFrames()).isLessThan(messages + 1);
        }
    }
}
