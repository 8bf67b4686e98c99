package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    // The flood for a client that never reads: 1 MB rounds of messages half the largest allowed.
    private static final String PAYLOAD = "z".repeat(32_000);
    private static final int ROUND = 32;
    private static final long ROUND_BYTES = (long) ROUND * PAYLOAD.length();
    private static final Duration KEEP_ALIVE = Duration.ofMillis(200);
    // Its outbound queue, kept small: what the server's socket and container absorb first is the
    // bulk of the flood. Batches stay at the default.
    private static final int OUTBOUND_MAX_BYTES = 256 * 1024;
    private static final int BATCH_MAX_BYTES = 65536;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("timeouts", Map.of(
                "switchboard.heartbeat.interval", "300ms",
                "switchboard.heartbeat.timeout", "1500ms",
                "switchboard.close-timeout", "1s",
                "switchboard.outbound.max-bytes", String.valueOf(OUTBOUND_MAX_BYTES)));
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
    void clientThatNeverReadsIsDisconnected() throws Exception {
        ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor();
        try (RawWebSocket stuck = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(),
                List.of(WsClient.V1), Login.shared(ws, "alice").headers(), 4096)) {
            // Frames count as life: sent from the moment it is open, well within the heartbeat
            // timeout, they keep the server from closing this client for silence (4002) however long
            // the subscribe or the flood take. What drops it is then the slow-consumer close (1013),
            // which it cannot see: that close frame waits behind data it never reads, so the server
            // aborts the TCP connection at the close timeout, and from then on its writes fail.
            CompletableFuture<IOException> writeFailed = new CompletableFuture<>();
            keepAlive.scheduleWithFixedDelay(() -> {
                if (writeFailed.isDone()) {
                    return;
                }
                try {
                    send(stuck, "{\"type\":\"ping\"}");
                } catch (IOException e) {
                    writeFailed.complete(e);
                }
            }, 0, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
            send(stuck, "{\"type\":\"subscribe\",\"channel\":\"flood\"}");
            // The subscribe runs on the connection's request lane; its reply is the last frame this
            // client reads, and the flood below is fanned out to it.
            awaitSubscribed(stuck, "flood");

            try (WsClient publisher = WsClient.connect(ws)) {
                // Rounds until the server drops it, or until enough has been fanned out to fill all
                // that can hold frames on the way, whatever the buffers' autotuning: what the server
                // holds below the outbound queue, this client's receive buffer, then the outbound
                // queue itself. Acked means stored and queued to every subscriber.
                long enough = serverCanBuffer() + stuck.receiveBufferSize() + OUTBOUND_MAX_BYTES;
                for (long sent = 0; sent <= enough && !writeFailed.isDone(); sent += ROUND_BYTES) {
                    for (int i = 0; i < ROUND; i++) {
                        publisher.send("{\"type\":\"publish\",\"channel\":\"flood\",\"data\":\"" + PAYLOAD + "\"}");
                    }
                    for (int i = 0; i < ROUND; i++) {
                        publisher.expect("ack");
                    }
                }

                assertThat(writeFailed).as("the server drops the connection").succeedsWithin(Duration.ofSeconds(20));
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                        assertThat(Login.get(ws, "/api/channels/flood/presence", Login.shared(ws, "alice")).body())
                                .as("presence once the server has forgotten the connection").isEqualTo("[]"));
                assertThat(publisher.isOpen()).isTrue();
            }
        } finally {
            keepAlive.shutdownNow();
        }
    }

    /** RawWebSocket is not thread-safe: the test and the keep-alive take turns writing. */
    private static void send(RawWebSocket raw, String text) throws IOException {
        synchronized (raw) {
            raw.sendText(text);
        }
    }

    /** Reads until the reply to a subscribe to {@code channel}, skipping pings and pongs. */
    private static void awaitSubscribed(RawWebSocket raw, String channel) throws IOException {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : raw.readText().split("\n")) {
                JsonObject frame = Json.createReader(new StringReader(line)).readObject();
                String type = frame.getString("type", "");
                if (type.equals("subscribed")) {
                    assertThat(frame.getString("channel")).isEqualTo(channel);
                    return;
                }
                assertThat(type).as("frame before the subscribed reply: %s", frame).isEqualTo("pong");
            }
        }
        throw new AssertionError("no subscribed reply within " + WsClient.WAIT);
    }

    /**
     * The most the server can hold for one connection below its outbound queue: the socket's send
     * buffer, autotuned up to tcp_wmem's maximum (or set, up to twice wmem_max), and in front of it
     * the container's write queue, which Grizzly sizes at four send buffers as the socket had when
     * accepted (about 2 MB on loopback), and overshoots by one write.
     */
    private static long serverCanBuffer() {
        long sendBuffer;
        try {
            String[] wmem = firstLine("/proc/sys/net/ipv4/tcp_wmem").split("\\s+");
            long wmemMax = Long.parseLong(firstLine("/proc/sys/net/core/wmem_max"));
            sendBuffer = Math.max(Long.parseLong(wmem[2]), 2 * wmemMax);
        } catch (IOException | RuntimeException notLinux) {
            sendBuffer = 16 << 20;
        }
        return sendBuffer + 4 * sendBuffer + BATCH_MAX_BYTES;
    }

    // Files.readString reads nothing of /proc files, whose size shows as 0.
    private static String firstLine(String path) throws IOException {
        return Files.readAllLines(Path.of(path)).get(0).trim();
    }
}
