package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
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

/** Heartbeats and the close timeout, with both shortened so the tests run in seconds. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TimeoutsIT {

    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("timeouts", Map.of(
                "switchboard.heartbeat.interval", "300ms",
                "switchboard.heartbeat.timeout", "1500ms",
                "switchboard.close-timeout", "1s"));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    @Test
    void serverPingsEachInterval() throws IOException {
        RawWebSocket raw = RawWebSocket.connect(ws, List.of(WsClient.V1));
        try {
            for (int i = 0; i < 3; i++) {
                RawWebSocket.Frame frame = raw.readFrame();
                assertThat(frame.opcode()).isEqualTo(PING);
                raw.sendPong(frame.payload());
            }
        } finally {
            raw.close();
        }
    }

    @Test
    void silentClientIsClosedWith4002() {
        RawWebSocket raw = RawWebSocket.connect(ws, List.of(WsClient.V1));
        try {
            RawWebSocket.Closed closed = raw.awaitClose();
            assertThat(closed.isCloseFrame()).as(closed.toString()).isTrue();
            assertThat(closed.code()).isEqualTo(4002);
            assertThat(closed.before()).extracting(RawWebSocket.Frame::opcode).contains(PING);
        } finally {
            raw.close();
        }
    }

    @Test
    void framesWithoutPongsCountAsLife() throws IOException {
        RawWebSocket raw = RawWebSocket.connect(ws, List.of(WsClient.V1));
        try {
            // Each server ping is answered with a JSON ping, never a pong, for four timeouts' worth.
            long end = System.nanoTime() + Duration.ofMillis(6000).toNanos();
            while (System.nanoTime() < end) {
                RawWebSocket.Frame frame = raw.readFrame();
                assertThat(frame.opcode()).as("no close while frames arrive").isIn(PING, 0x1);
                if (frame.opcode() == PING) {
                    raw.sendText("{\"type\":\"ping\"}");
                }
            }
        } finally {
            raw.close();
        }
    }

    @Test
    void clientThatAnswersPingsStaysOpen() {
        try (WsClient c = WsClient.connect(ws)) {
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(c::isOpen);
            c.send("{\"type\":\"ping\"}");
            assertThat(c.next().getString("type")).isEqualTo("pong");
        }
    }

    @Test
    void clientThatNeverReadsIsDisconnected() throws IOException {
        RawWebSocket stuck = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(),
                List.of(WsClient.V1), Login.shared(ws, "alice").headers(), 4096);
        try (WsClient publisher = WsClient.connect(ws)) {
            stuck.sendText("{\"type\":\"subscribe\",\"channel\":\"flood\"}");
            // Subscribes run on the connection's request lane: publish only once it is in the channel.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                    Login.get(ws, "/api/channels/flood/presence", Login.shared(ws, "alice")).body().contains("alice"));
            String payload = "z".repeat(2000);
            for (int i = 0; i < 1500; i++) {
                publisher.send("{\"type\":\"publish\",\"channel\":\"flood\",\"data\":\"" + payload + "\"}");
            }
            for (int i = 0; i < 1500; i++) {
                publisher.next("ack");
            }
            // Once the server has dropped the connection, the client's writes start failing.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> writeFails(stuck));
            assertThat(publisher.isOpen()).isTrue();
        } finally {
            stuck.close();
        }
    }

    private static boolean writeFails(RawWebSocket raw) {
        try {
            raw.sendText("{\"type\":\"ping\"}");
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
