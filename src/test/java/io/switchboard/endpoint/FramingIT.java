package io.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.RawWebSocket.Closed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 6455 framing as a client sees it: which close code each framing fault gets, unmasked client
 * frames included (README "Framing" and "Close codes"). Uses {@link RawWebSocket} to send frames no
 * WebSocket library would.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FramingIT {

    /** {@code switchboard.max-message-bytes}, left at its default. */
    private static final int LIMIT = 65_536;
    private static final String ECHO_PREFIX = "{\"type\":\"echo\",\"data\":\"";
    private static final String ECHO_SUFFIX = "\"}";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("framing", Map.of());
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    // ------------------------------------------------------------------ container-level faults

    @Test
    void invalidUtf8InATextFrameClosesWith1007() throws IOException {
        byte[] head = "{\"type\":\"ping\",\"id\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] bad = {(byte) 0xC3, (byte) 0x28};   // a lead byte followed by a non-continuation byte
        byte[] payload = concat(head, bad, tail);
        assertClosedWith(closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.TEXT, true, payload)), 1007);
    }

    @Test
    void reservedOpcodesCloseWith1002() throws IOException {
        Map<String, Closed> seen = new LinkedHashMap<>();
        for (int opcode : new int[] {0x3, 0x7, 0xB, 0xF}) {
            seen.put("opcode 0x" + Integer.toHexString(opcode),
                    closeAfter(c -> c.sendFrame(true, 0, opcode, true, ping())));
        }
        assertAllClosedWith(seen, 1002);
    }

    @Test
    void rsvBitsWithoutANegotiatedExtensionCloseWith1002() throws IOException {
        Map<String, Closed> seen = new LinkedHashMap<>();
        seen.put("RSV1", closeAfter(c -> c.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.TEXT, true, ping())));
        seen.put("RSV2", closeAfter(c -> c.sendFrame(true, RawWebSocket.RSV2, RawWebSocket.TEXT, true, ping())));
        seen.put("RSV3", closeAfter(c -> c.sendFrame(true, RawWebSocket.RSV3, RawWebSocket.TEXT, true, ping())));
        assertAllClosedWith(seen, 1002);
    }

    @Test
    void fragmentedControlFrameClosesWith1002() throws IOException {
        assertClosedWith(closeAfter(c -> c.sendFrame(false, 0, RawWebSocket.PING, true, bytes("ping"))), 1002);
    }

    @Test
    void controlFrameWithPayloadOver125BytesClosesWith1002() throws IOException {
        Map<String, Closed> seen = new LinkedHashMap<>();
        byte[] big = new byte[126];
        Arrays.fill(big, (byte) 'p');
        seen.put("ping 126", closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.PING, true, big)));
        seen.put("pong 126", closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.PONG, true, big)));
        seen.put("close 126", closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.CLOSE, true,
                RawWebSocket.closePayload(1000, "r".repeat(124)))));
        assertAllClosedWith(seen, 1002);
    }

    @Test
    void controlFrameOf125BytesIsAnswered() throws IOException {
        byte[] payload = new byte[125];
        Arrays.fill(payload, (byte) 'q');
        try (RawWebSocket c = open()) {
            c.sendPing(payload);
            RawWebSocket.Frame pong = pongOrOther(c);
            assertThat(pong.opcode()).as("%s", pong).isEqualTo(RawWebSocket.PONG);
            assertThat(pong.payload()).isEqualTo(payload);
            c.sendCloseQuietly(1000);
        }
    }

    @Test
    void closeFrameWithAnInvalidCodeClosesWith1002() throws IOException {
        Map<String, Closed> seen = new LinkedHashMap<>();
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 5000}) {
            seen.put("close code " + code, closeAfter(c -> c.sendClose(code, "")));
        }
        seen.put("close payload of 1 byte",
                closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.CLOSE, true, new byte[] {0x03})));
        assertAllClosedWith(seen, 1002);
    }

    @Test
    void closeFrameWithAValidCodeIsAnsweredWithAClose() throws IOException {
        Map<String, Closed> seen = new LinkedHashMap<>();
        for (int code : new int[] {1000, 1001, 3000, 4999}) {
            seen.put("close code " + code, closeAfter(c -> c.sendClose(code, "bye")));
        }
        // RFC 6455 5.5.1: the endpoint answers with a close frame, usually echoing the code.
        seen.forEach((what, closed) ->
                assertThat(closed.isCloseFrame()).as("%s: %s", what, closed).isTrue());
    }

    @Test
    void continuationWithoutAStartClosesWith1002() throws IOException {
        assertClosedWith(closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.CONTINUATION, true, ping())), 1002);
    }

    @Test
    void newDataFrameInsideAFragmentedMessageClosesWith1002() throws IOException {
        assertClosedWith(closeAfter(c -> {
            c.sendFrame(false, 0, RawWebSocket.TEXT, true, bytes("{\"type\":"));
            c.sendFrame(true, 0, RawWebSocket.TEXT, true, ping());
        }), 1002);
    }

    // ------------------------------------------------------------------ Switchboard's own closes

    @Test
    void binaryFrameClosesWith1003() throws IOException {
        assertClosedWith(closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.BINARY, true, ping())), 1003);
    }

    @Test
    void textMessageOverTheLimitClosesWith1009() throws IOException {
        Map<String, Closed> seen = new LinkedHashMap<>();
        seen.put("70,000 ASCII bytes", closeAfter(c -> c.sendText(echoOfBytes(70_000))));
        // 30,000 chars but 90,000 bytes: the limit counts UTF-8 bytes, not chars.
        seen.put("30,000 '€' = 90,000 bytes", closeAfter(c -> c.sendText("€".repeat(30_000))));
        seen.put("limit + 1 bytes", closeAfter(c -> c.sendText(echoOfBytes(LIMIT + 1))));
        assertAllClosedWith(seen, 1009);
    }

    @Test
    void textMessageOfExactlyTheLimitIsAccepted() throws IOException {
        String ascii = "x".repeat(LIMIT - utf8(ECHO_PREFIX + ECHO_SUFFIX));
        String euros = "€".repeat((LIMIT - utf8(ECHO_PREFIX + ECHO_SUFFIX)) / 3);   // 21,837 x 3 bytes
        for (String data : List.of(ascii, euros)) {
            String message = ECHO_PREFIX + data + ECHO_SUFFIX;
            assertThat(utf8(message)).isEqualTo(LIMIT);
            try (RawWebSocket c = open()) {
                c.sendText(message);
                assertEcho(c.readText(), data);
                c.sendCloseQuietly(1000);
            }
        }
    }

    @Test
    void fragmentedTextMessageOverTheLimitClosesWith1009() throws IOException {
        // Three fragments of about 30,000 bytes: each under the limit, together 90,000 bytes.
        byte[] whole = bytes(echoOfBytes(90_000));
        assertClosedWith(closeAfter(c -> sendFragmented(c, whole, 3)), 1009);
    }

    @Test
    void fragmentedTextMessageUnderTheLimitIsHandled() throws IOException {
        // A '€' split between two fragments must be joined, not judged per fragment.
        String data = "fragmented €uro ".repeat(2_000);
        byte[] whole = bytes(ECHO_PREFIX + data + ECHO_SUFFIX);
        assertThat(whole.length).isLessThan(LIMIT);
        try (RawWebSocket c = open()) {
            int cut = ECHO_PREFIX.length() + "fragmented ".length() + 1;   // inside the '€'
            c.sendFrame(false, 0, RawWebSocket.TEXT, true, Arrays.copyOfRange(whole, 0, cut));
            c.sendPing(bytes("between fragments"));                            // allowed mid-message
            c.sendFrame(false, 0, RawWebSocket.CONTINUATION, true, Arrays.copyOfRange(whole, cut, cut + 10_000));
            c.sendFrame(true, 0, RawWebSocket.CONTINUATION, true, Arrays.copyOfRange(whole, cut + 10_000, whole.length));
            RawWebSocket.Frame pong = pongOrOther(c);
            assertThat(pong.opcode()).as("%s", pong).isEqualTo(RawWebSocket.PONG);
            assertEcho(c.readText(), data);
            c.sendCloseQuietly(1000);
        }
    }

    // ------------------------------------------------------------------ masking (RFC 6455 5.1)

    @Test
    void unmaskedFramesCloseWith1002() throws IOException {
        Map<String, Closed> seen = new LinkedHashMap<>();
        seen.put("text", closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.TEXT, false, ping())));
        seen.put("ping", closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.PING, false, bytes("unmasked ping"))));
        seen.put("pong", closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.PONG, false, bytes("unmasked pong"))));
        seen.put("close", closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.CLOSE, false,
                RawWebSocket.closePayload(1000, "bye"))));
        seen.put("empty text", closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.TEXT, false, new byte[0])));
        seen.put("text of 70,000 bytes", closeAfter(c -> c.sendFrame(true, 0, RawWebSocket.TEXT, false,
                bytes(echoOfBytes(70_000)))));
        seen.put("continuation after a masked start", closeAfter(c -> {
            byte[] whole = ping();
            c.sendFrame(false, 0, RawWebSocket.TEXT, true, Arrays.copyOfRange(whole, 0, 5));
            c.sendFrame(true, 0, RawWebSocket.CONTINUATION, false, Arrays.copyOfRange(whole, 5, whole.length));
        }));
        assertAllClosedWith(seen, 1002);
    }

    @Test
    void framesBeforeAnUnmaskedFrameAreAnsweredAndNothingAfterIt() throws IOException {
        try (RawWebSocket c = open()) {
            c.sendPing(bytes("masked, before"));
            c.sendFrame(true, 0, RawWebSocket.TEXT, false, bytes("{\"type\":\"ping\",\"id\":\"unmasked\"}"));
            try {
                c.sendPing(bytes("masked, after"));
            } catch (IOException alreadyClosed) {
                // The server may have closed already; the close frame is still to be read.
            }
            Closed closed = c.awaitClose();
            assertClosedWith(closed, 1002);
            assertThat(closed.before()).as("frames before the close")
                    .filteredOn(f -> f.opcode() != RawWebSocket.PING)
                    .extracting(RawWebSocket.Frame::text)
                    .containsExactly("masked, before");
        }
    }

    @Test
    void maskedFramesStillWorkOnAConnectionAfterMany() throws IOException {
        try (RawWebSocket c = open()) {
            for (int i = 0; i < 50; i++) {
                String data = "x".repeat(i * 997);
                c.sendFrame(true, 0, RawWebSocket.TEXT, true, bytes(ECHO_PREFIX + data + ECHO_SUFFIX));
                assertEcho(c.readText(), data);
            }
            c.sendCloseQuietly(1000);
        }
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    interface Sender {
        void send(RawWebSocket c) throws IOException;
    }

    private RawWebSocket open() {
        return RawWebSocket.connect(ws, List.of(HandshakeConfigurator.SUBPROTOCOL));
    }

    /**
     * Opens a connection, sends, and reads until the server closes; answers a close frame with
     * one. A send that fails because the server already closed is not an error: the close frame
     * may be waiting to be read.
     */
    private Closed closeAfter(Sender sender) {
        try (RawWebSocket c = open()) {
            IOException sendFailure = null;
            try {
                sender.send(c);
            } catch (IOException e) {
                sendFailure = e;
            }
            Closed closed = c.awaitClose();
            if (closed.isCloseFrame()) {
                c.sendCloseQuietly(1000);
            }
            System.out.println("FramingIT observed: " + closed
                    + (sendFailure == null ? "" : " (send failed: " + sendFailure + ")"));
            return closed;
        }
    }

    /** The next frame that is not one of the server's heartbeat pings. */
    private static RawWebSocket.Frame pongOrOther(RawWebSocket c) throws IOException {
        RawWebSocket.Frame frame;
        do {
            frame = c.readFrame();
        } while (frame.opcode() == RawWebSocket.PING);
        return frame;
    }

    private static void assertClosedWith(Closed closed, int code) {
        assertThat(closed.isCloseFrame()).as("a close frame, got %s", closed).isTrue();
        assertThat(closed.code()).as("close code of %s", closed).isEqualTo(code);
    }

    private static void assertAllClosedWith(Map<String, Closed> seen, int code) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        seen.forEach((what, closed) -> codes.put(what, closed.isCloseFrame() ? closed.code() : -1));
        assertThat(codes).as("close codes (-1: no close frame) of %s", seen)
                .allSatisfy((what, got) -> assertThat(got).as(what).isEqualTo(code));
    }

    private static void sendFragmented(RawWebSocket c, byte[] whole, int parts) throws IOException {
        int size = (whole.length + parts - 1) / parts;
        for (int i = 0, from = 0; from < whole.length; i++, from += size) {
            int to = Math.min(whole.length, from + size);
            c.sendFrame(to == whole.length, 0, i == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION, true,
                    Arrays.copyOfRange(whole, from, to));
        }
    }

    /** An echo request of exactly {@code total} UTF-8 bytes (ASCII filler). */
    private static String echoOfBytes(int total) {
        String message = ECHO_PREFIX + "a".repeat(total - utf8(ECHO_PREFIX + ECHO_SUFFIX)) + ECHO_SUFFIX;
        assertThat(utf8(message)).isEqualTo(total);
        return message;
    }

    private static void assertEcho(String frame, String data) {
        JsonObject echo = json(frame);
        assertThat(echo.getString("type")).isEqualTo("echo");
        assertThat(echo.getString("data")).as("echoed data").isEqualTo(data);
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static byte[] ping() {
        return bytes("{\"type\":\"ping\"}");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int utf8(String s) {
        return bytes(s).length;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
