package io.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server's {@code /metrics}, read over HTTP as Prometheus reads it, while clients connect,
 * publish, misbehave and are refused. Each test reads the figures before and after and asserts on
 * the difference; tests run one at a time and close what they open, so nothing else moves them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String PASSWORD = "secret-1";

    @Deployment(testable = false)
    static WebArchive deployment() {
        // Not "metrics": a WAR at /metrics would hide the server's own /metrics.
        // (The rate limit stays high here; HubJmxIT, with a low one, counts rate-limited frames.)
        return Deployments.war("stats", Map.of(
                // small, so a client that stops reading overflows soon; every other frame here is tiny
                "switchboard.outbound.max-bytes", "65536",
                // long, so the stalled client still gets its close frame once it reads again
                "switchboard.close-timeout", "60s"));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uriAndNoConnectionsLeft() {
        ws = Deployments.wsUri(base);
        await().atMost(SETTLE).until(() -> scrape().count("switchboard_connections") == 0);
    }

    @Test
    void everyMetricIsExportedInPrometheusTextWithTheDocumentedNameAndType() {
        // the labelled families appear with their first event: one of each
        try (WsClient c = WsClient.connect(ws, Login.shared(ws, "alice"))) {
            c.send("not json");
            c.expect("error");
        }
        assertThat(RawWebSocket.handshakeOnly(ws.getHost(), ws.getPort(), ws.getRawPath(), List.of(WsClient.V1),
                Login.anonymous(ws).headers()).status()).isEqualTo(401);
        await().atMost(SETTLE).until(() -> scrape().count("switchboard_connections") == 0);

        PrometheusText metrics = scrape();
        System.out.println("---- /metrics (switchboard_) ----");
        metrics.samples().stream().filter(s -> s.name().startsWith("switchboard_")).forEach(System.out::println);

        assertThat(metrics.types()).containsEntry("switchboard_connections", "gauge")
                .containsEntry("switchboard_messages_received_total", "counter")
                .containsEntry("switchboard_messages_sent_total", "counter")
                .containsEntry("switchboard_closes_total", "counter")
                .containsEntry("switchboard_errors_total", "counter")
                .containsEntry("switchboard_handshake_refusals_total", "counter")
                .containsEntry("switchboard_rate_limited_frames_total", "counter")
                .containsEntry("switchboard_slow_consumer_closes_total", "counter")
                .containsEntry("switchboard_message_latency_seconds", "gauge");
        // what the alert rules and the dashboard may use (MonitoringFilesTest) is what a scrape finds
        assertThat(metrics.types().keySet()).containsAll(ExportedMetrics.names());
        assertThat(metrics.value("switchboard_message_latency_seconds", "quantile", "0.5")).isPresent();
        assertThat(metrics.value("switchboard_message_latency_seconds", "quantile", "0.99")).isPresent();
        assertThat(metrics.value("switchboard_closes_total", "code", "1000")).hasValueSatisfying(n -> assertThat(n).isPositive());
        assertThat(metrics.samples()).filteredOn(s -> s.name().startsWith("switchboard_"))
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("mp_scope", "application"));
    }

    @Test
    void connectionsGaugeFollowsOpenConnectionsAndClientClosesAreCountedAs1000() {
        double closedNormally = scrape().count("switchboard_closes_total", "code", "1000");
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(WsClient.connect(ws, Login.shared(ws, "alice")));
            }
            await().atMost(SETTLE).until(() -> scrape().count("switchboard_connections") == 3);
        } finally {
            clients.forEach(WsClient::close);
        }
        await().atMost(SETTLE).until(() -> scrape().count("switchboard_connections") == 0);
        assertThat(scrape().count("switchboard_closes_total", "code", "1000")).isEqualTo(closedNormally + 3);
    }

    @Test
    void framesInAndOutAreCountedExactlyAndDeliveriesHaveALatency() throws InterruptedException {
        PrometheusText before = scrape();
        String channel = "metrics-" + NAMES.incrementAndGet();
        List<JsonObject> received = new ArrayList<>();
        int sent = 0;
        try (WsClient publisher = WsClient.connect(ws, Login.shared(ws, "alice"));
             WsClient a = WsClient.connect(ws, Login.shared(ws, "bob"));
             WsClient b = WsClient.connect(ws, Login.shared(ws, "mod"))) {
            for (WsClient subscriber : List.of(a, b)) {
                subscriber.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"id\":\"s\"}");
                sent++;
                received.add(subscriber.expect("subscribed"));
            }
            for (int i = 0; i < 5; i++) {
                publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":" + i + ",\"id\":\"p" + i + "\"}");
                sent++;
                received.add(publisher.expect("ack"));
            }
            for (WsClient subscriber : List.of(a, b)) {
                received.addAll(subscriber.until(f -> "message".equals(f.getString("type", "")) && f.getInt("data", -1) == 4));
            }
            // Leaving before closing, so every frame the server sends is one read here (a close
            // would send the other subscriber a presence frame after the test stopped reading).
            b.send("{\"type\":\"unsubscribe\",\"channel\":\"" + channel + "\",\"id\":\"u\"}");
            received.addAll(b.until(f -> "unsubscribed".equals(f.getString("type", ""))));
            received.addAll(a.until(f -> "presence".equals(f.getString("type", "")) && f.containsKey("leave")));
            a.send("{\"type\":\"unsubscribe\",\"channel\":\"" + channel + "\",\"id\":\"u\"}");
            received.addAll(a.until(f -> "unsubscribed".equals(f.getString("type", ""))));
            sent += 2;
            for (WsClient client : List.of(publisher, a, b)) {
                received.addAll(client.drain(Duration.ofMillis(300)));
            }
        }
        int frames = received.size();
        int frameCount = sent;
        assertThat(received.stream().filter(f -> "message".equals(f.getString("type", "")))).hasSize(10);
        await().atMost(SETTLE).untilAsserted(() -> {
            PrometheusText after = scrape();
            assertThat(delta(before, after, "switchboard_messages_received_total")).isEqualTo(frameCount);
            assertThat(delta(before, after, "switchboard_messages_sent_total")).as(received.toString()).isEqualTo(frames);
            // every live delivery: 5 messages to 2 subscribers
            assertThat(delta(before, after, "switchboard_message_latency_seconds_count")).isEqualTo(10);
        });
        PrometheusText after = scrape();
        // within the last 10 s, each delivered well within the test's own wait
        assertThat(after.value("switchboard_message_latency_seconds", "quantile", "0.99")).hasValueSatisfying(
                seconds -> assertThat(seconds).isGreaterThan(0).isLessThan(WsClient.WAIT.toSeconds()));
        double sum = delta(before, after, "switchboard_message_latency_seconds_sum");
        assertThat(sum).isGreaterThanOrEqualTo(0).isLessThan(10 * WsClient.WAIT.toSeconds());
    }

    @Test
    void errorFramesAreCountedByTheirCode() {
        PrometheusText before = scrape();
        try (WsClient c = WsClient.connect(ws, Login.shared(ws, "alice"))) {
            c.send("not json");
            assertThat(c.expect("error").getString("code")).isEqualTo("bad_json");
            c.send("{\"type\":\"no-such-type\"}");
            assertThat(c.expect("error").getString("code")).isEqualTo("unknown_type");
            c.send("{\"type\":\"publish\",\"channel\":\"admin.metrics\",\"data\":1,\"id\":\"f\"}");
            assertThat(c.expect("error").getString("code")).isEqualTo("forbidden");
        }
        PrometheusText after = scrape();
        assertThat(delta(before, after, "switchboard_errors_total", "code", "bad_json")).isEqualTo(1);
        assertThat(delta(before, after, "switchboard_errors_total", "code", "unknown_type")).isEqualTo(1);
        assertThat(delta(before, after, "switchboard_errors_total", "code", "forbidden")).isEqualTo(1);
    }

    @Test
    void serverClosesAreCountedByTheirCode() {
        PrometheusText before = scrape();
        try (WsClient binary = WsClient.connect(ws, Login.shared(ws, "alice"))) {
            binary.session().getAsyncRemote().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(binary.awaitClose().getCloseCode().getCode()).isEqualTo(1003);
        }
        String user = createUser();
        try (WsClient kicked = WsClient.connect(ws, Login.fresh(ws, user, PASSWORD))) {
            HttpResponse<String> kick = Login.post(ws, "/api/admin/users/" + user + "/kick", "", Login.shared(ws, "admin"));
            assertThat(kick.statusCode()).as(kick.body()).isEqualTo(200);
            assertThat(kicked.awaitClose().getCloseCode().getCode()).isEqualTo(4003);
        }
        await().atMost(SETTLE).untilAsserted(() -> {
            PrometheusText after = scrape();
            assertThat(delta(before, after, "switchboard_closes_total", "code", "1003")).isEqualTo(1);
            assertThat(delta(before, after, "switchboard_closes_total", "code", "4003")).isEqualTo(1);
        });
    }

    @Test
    void refusedHandshakesAreCountedByReason() {
        PrometheusText before = scrape();
        // no login
        assertThat(RawWebSocket.handshakeOnly(ws.getHost(), ws.getPort(), ws.getRawPath(), List.of(WsClient.V1),
                Login.anonymous(ws).headers()).status()).isEqualTo(401);
        // a foreign page
        assertThat(RawWebSocket.handshakeOnly(ws.getHost(), ws.getPort(), ws.getRawPath(), List.of(WsClient.V1),
                Map.of("Cookie", Login.shared(ws, "alice").cookie(), "Origin", "http://evil.example")).status()).isEqualTo(403);
        PrometheusText after = scrape();
        assertThat(delta(before, after, "switchboard_handshake_refusals_total", "reason", "unauthorized")).isEqualTo(1);
        assertThat(delta(before, after, "switchboard_handshake_refusals_total", "reason", "forbidden_origin")).isEqualTo(1);
    }

    @Test
    void aClientThatStopsReadingIsCountedAsASlowConsumerClose() throws IOException {
        PrometheusText before = scrape();
        String channel = "slow-" + NAMES.incrementAndGet();
        String payload = "z".repeat(30_000);
        // A small receive buffer, and then no reading: the server's queue for it fills soon.
        try (RawWebSocket stalled = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(),
                     List.of(WsClient.V1), Login.shared(ws, "bob").headers(), 4096);
             WsClient publisher = WsClient.connect(ws, Login.shared(ws, "alice"))) {
            stalled.sendText("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"id\":\"s\"}");
            assertThat(stalled.readText()).contains("\"subscribed\"");
            // Rounds of 20 messages of 30 kB (each round acknowledged) until the server gives up on
            // the stalled client; at most 24 MB, far beyond what socket buffers hold.
            for (int round = 0; round < 40 && delta(before, scrape(), "switchboard_slow_consumer_closes_total") == 0; round++) {
                for (int i = 0; i < 20; i++) {
                    publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":\"" + payload + "\"}");
                }
                for (int i = 0; i < 20; i++) {
                    publisher.expect("ack");
                }
            }
            assertThat(stalled.readTimeout(Duration.ofSeconds(60)).awaitClose().code()).isEqualTo(1013);
        }
        await().atMost(SETTLE).untilAsserted(() -> {
            PrometheusText after = scrape();
            assertThat(delta(before, after, "switchboard_slow_consumer_closes_total")).isEqualTo(1);
            assertThat(delta(before, after, "switchboard_closes_total", "code", "1013")).isEqualTo(1);
        });
    }

    // ---------------------------------------------------------------- helpers

    private PrometheusText scrape() {
        URI metrics = URI.create(Login.origin(ws) + "/metrics");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(20))
                    .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return PrometheusText.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.count(name, labels) - before.count(name, labels);
    }

    private String createUser() {
        String name = "mt" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
        HttpResponse<String> created = Login.post(ws, "/api/admin/users",
                "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"user\"]}",
                Login.shared(ws, "admin"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }
}
