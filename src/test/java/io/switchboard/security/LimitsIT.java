package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Message rate limits and per-user and per-address connection caps, set low. Every test runs from
 * 127.0.0.1, so all of them share the per-address cap: each starts only once the server has
 * released every connection the previous tests opened.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LimitsIT {

    private static final int PER_ADDRESS = 5;
    // Every test logs in from 127.0.0.1, a dozen times in all; the login-rate test uses another address.
    private static final int LOGINS_PER_ADDRESS = 20;
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("limits", Map.of(
                "switchboard.rate.messages-per-second", "5",
                "switchboard.rate.burst", "5",
                "switchboard.rate.close-after-seconds", "2",
                "switchboard.connections.max-per-user", "3",
                "switchboard.connections.max-per-address", String.valueOf(PER_ADDRESS),
                "switchboard.login.max-per-address-per-minute", String.valueOf(LOGINS_PER_ADDRESS),
                "switchboard.allow-missing-origin", "true"));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uriAndNoLeftoverConnections() {
        ws = Deployments.wsUri(base);
        // Until the server has forgotten earlier tests' connections, some of these are refused.
        awaitOpenAtOnce(List.of("alice", "alice", "bob", "bob", "mod"), Duration.ofSeconds(60));
    }

    @Test
    void burstOverTheLimitGetsSomePongsThenOneRateLimitedError() {
        // A user of its own: the limit is per user, and other tests' pings draw on alice's.
        try (WsClient c = WsClient.connect(ws, Login.fresh(ws, createUser(), PASSWORD))) {
            for (int i = 0; i < 20; i++) {
                c.send("{\"type\":\"ping\",\"id\":\"b" + i + "\"}");
            }
            // Everything the burst caused has arrived once a later ping, sent after the bucket
            // has refilled a little, is answered. Probes are paced by the poll interval.
            List<JsonObject> frames = new ArrayList<>();
            int[] probes = {0};
            await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ofMillis(400)).pollInterval(Duration.ofMillis(400))
                    .until(() -> {
                        c.send("{\"type\":\"ping\",\"id\":\"probe" + probes[0]++ + "\"}");
                        frames.addAll(c.drain(Duration.ofMillis(50)));
                        return frames.stream().anyMatch(f -> isType(f, "pong") && f.getString("id").startsWith("probe"));
                    });

            List<JsonObject> burst = frames.stream().filter(f -> f.getString("id", "").startsWith("b")).toList();
            List<JsonObject> pongs = burst.stream().filter(f -> isType(f, "pong")).toList();
            List<JsonObject> errors = burst.stream().filter(f -> isType(f, "error")).toList();
            assertThat(pongs).as(burst.toString()).hasSizeBetween(5, 19);
            assertThat(errors).as("one rate_limited error for the burst: " + burst).hasSize(1);
            assertThat(errors.get(0).getString("code")).isEqualTo("rate_limited");
            assertThat(errors.get(0).getString("message")).isNotBlank();
            assertThat(pongs).extracting(p -> p.getString("id")).doesNotContain(errors.get(0).getString("id"));
            assertThat(burst).hasSize(pongs.size() + 1);
            // Dropped, not merely delayed: the connection is still open and usable.
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void clientThatStaysOverTheRateIsClosedWith4008() throws InterruptedException {
        try (WsClient c = WsClient.connect(ws, Login.fresh(ws, createUser(), PASSWORD))) {
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(15);
            while (c.isOpen() && System.nanoTime() < deadline) {
                try {
                    c.send("{\"type\":\"ping\"}");
                } catch (IllegalStateException closedMeanwhile) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(20); // pacing: 50 frames a second against a limit of 5
            }
            assertThat(c.isOpen()).as("closed within 15 s of sending 50 frames a second").isFalse();
            CloseReason reason = c.awaitClose();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

            assertThat(reason.getCloseCode().getCode()).isEqualTo(4008);
            assertThat(seconds).as("closed after staying over the limit for close-after-seconds").isGreaterThanOrEqualTo(2);
            assertThat(c.drain(Duration.ZERO)).anyMatch(f -> isType(f, "error") && "rate_limited".equals(f.getString("code")));
        }
    }

    @Test
    void httpPublishesAndEverySocketOfAUserDrawOnOneRateLimit() throws Exception {
        Login.Credentials user = Login.fresh(ws, createUser(), PASSWORD);
        try (WsClient flooder = WsClient.connect(ws, user); WsClient other = WsClient.connect(ws, user)) {
            // One socket keeps the user's bucket empty (100 frames a second against 5), for less
            // than the 2 s after which it would be closed; nearly every token that refills goes to it.
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread flood = new Thread(() -> {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                try {
                    while (flooding.get() && System.nanoTime() < end) {
                        flooder.send("{\"type\":\"ping\"}");
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    }
                } catch (IllegalStateException closed) {
                    // closed for staying over the limit: the flood is over
                }
            });
            flood.start();
            try {
                // The bucket is empty once the flooder is refused; only then do the others draw on it,
                // a few times each, so that one lucky refill cannot decide the test.
                flooder.next(f -> isType(f, "error") && "rate_limited".equals(f.getString("code")));
                List<HttpResponse<String>> publishes = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    other.send("{\"type\":\"ping\",\"id\":\"other-" + i + "\"}");
                    publishes.add(Login.post(ws, "/api/channels/rl-shared/messages", "{\"data\":" + i + "}", user));
                }

                List<HttpResponse<String>> refused = publishes.stream().filter(r -> r.statusCode() == 429).toList();
                assertThat(refused).as("HTTP publishes while the user's sockets use up its rate").isNotEmpty();
                assertThat(SecurityIT.json(refused.get(0).body()).getString("error")).isEqualTo("rate_limited");
                assertThat(refused.get(0).headers().firstValue("Retry-After")).isPresent();
                assertThat(publishes).allMatch(r -> r.statusCode() == 201 || r.statusCode() == 429);
            } finally {
                flooding.set(false);
                flood.join(10_000);
            }
            List<JsonObject> answers = other.drain(Duration.ofSeconds(1));
            assertThat(answers).as("the second socket shares the empty bucket: " + answers)
                    .anyMatch(f -> isType(f, "error") && "rate_limited".equals(f.getString("code")));
        }
    }

    @Test
    void loginAttemptsFromOneAddressAreBoundedWith429() throws IOException {
        // From 127.0.0.2, so the other tests' logins from 127.0.0.1 keep their own allowance.
        String path = ws.getRawPath().substring(0, ws.getRawPath().length() - "/ws".length()) + "/api/login";
        List<Integer> statuses = new ArrayList<>();
        RawHttp.Answer refused = null;
        for (int i = 0; i < LOGINS_PER_ADDRESS + 20 && refused == null; i++) {
            RawHttp.Answer answer = RawHttp.postJson(ws.getHost(), ws.getPort(), "127.0.0.2", path,
                    "{\"username\":\"nobody-" + i + "\",\"password\":\"wrong\"}");
            statuses.add(answer.status());
            if (answer.status() == 429) {
                refused = answer;
            }
        }
        assertThat(statuses.subList(0, LOGINS_PER_ADDRESS)).as(statuses.toString()).allMatch(s -> s == 401);
        assertThat(refused).as("a 429 within " + statuses.size() + " attempts: " + statuses).isNotNull();
        assertThat(SecurityIT.json(refused.body()).getString("error")).isEqualTo("too_many_attempts");
        assertThat(refused.head().toLowerCase(Locale.ROOT)).contains("retry-after:");
        // Another address is not affected.
        assertThat(Login.fresh(ws, "alice", "demo").cookie()).isNotBlank();
    }

    @Test
    void fourthConnectionOfOneUserIsRefusedWith429() {
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(openReady("bob"));
            }

            SecurityIT.Answer fourth = SecurityIT.upgrade(ws, "", Login.shared(ws, "bob").headers());

            assertThat(fourth.status()).as(fourth.toString()).isEqualTo(429);
            assertThat(fourth.json().getString("error")).isEqualTo("too_many_connections");
            assertThat(fourth.json().getString("message")).isNotBlank();
            assertThat(fourth.header("Retry-After")).isNotBlank();
            // The cap is per user: another user still gets in from the same address.
            open.add(openReady("alice"));
        } finally {
            open.forEach(LimitsIT::closeCleanly);
        }
        // Closing one of them lets the user in again.
        awaitOpenAtOnce(List.of("bob", "bob", "bob"), Duration.ofSeconds(30));
    }

    @Test
    void connectionsBeyondTheAddressCapAreRefusedWith429() {
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (String user : List.of("alice", "alice", "bob", "bob", "mod")) {
                open.add(openReady(user));
            }

            // admin has no connection yet, so only the per-address cap can refuse it.
            SecurityIT.Answer sixth = SecurityIT.upgrade(ws, "", Login.shared(ws, "admin").headers());

            assertThat(sixth.status()).as(sixth.toString()).isEqualTo(429);
            assertThat(sixth.json().getString("error")).isEqualTo("too_many_connections");
            assertThat(sixth.header("Retry-After")).isNotBlank();
        } finally {
            open.forEach(LimitsIT::closeCleanly);
        }
        awaitOpenAtOnce(List.of("admin"), Duration.ofSeconds(30));
    }

    @Test
    void handshakeWithoutOriginIsAcceptedWhenMissingOriginIsAllowed() throws IOException {
        Map<String, String> cookieOnly = Map.of("Cookie", Login.shared(ws, "alice").cookie());
        RawWebSocket raw = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(), List.of(WsClient.V1),
                cookieOnly);
        try {
            assertThat(raw.handshake().status()).isEqualTo(101);
            raw.sendText("{\"type\":\"ping\",\"id\":\"no-origin\"}");
            JsonObject pong = SecurityIT.json(raw.readText());
            assertThat(pong.getString("type")).isEqualTo("pong");
            assertThat(pong.getString("id")).isEqualTo("no-origin");
        } finally {
            closeCleanly(raw);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static final String PASSWORD = "secret-1";

    private String createUser() {
        String name = "rl" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
        HttpResponse<String> created = Login.post(ws, "/api/admin/users",
                "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"user\"]}",
                Login.shared(ws, "admin"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private static boolean isType(JsonObject frame, String type) {
        return type.equals(frame.getString("type", ""));
    }

    /**
     * A connection as {@code user} that the server has opened: it answered a WebSocket ping. A
     * control frame, not a JSON ping, so that polling with it draws nothing from the user's
     * message rate, which these tests set low.
     */
    private RawWebSocket openReady(String user) {
        RawWebSocket raw = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(), List.of(WsClient.V1),
                Login.shared(ws, user).headers());
        try {
            byte[] token = "ready".getBytes(StandardCharsets.US_ASCII);
            raw.sendPing(token);
            RawWebSocket.Frame frame = raw.readFrame();
            while (frame.opcode() == RawWebSocket.PING) {
                frame = raw.readFrame();
            }
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.PONG);
            assertThat(frame.payload()).isEqualTo(token);
            return raw;
        } catch (IOException | RuntimeException | AssertionError e) {
            raw.close();
            throw new IllegalStateException("connection of " + user + " not ready", e);
        }
    }

    /**
     * Waits until connections as all of {@code users} can be open at the same time. When they
     * cannot within {@code limit}, fails with why the last try was refused and which connections
     * the server still holds, all on the first line of the message (the one a build log shows).
     */
    private void awaitOpenAtOnce(List<String> users, Duration limit) {
        AtomicReference<String> lastRefusal = new AtomicReference<>("none");
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(250)).until(() -> {
                String refusal = refusalOpening(users);
                if (refusal != null) {
                    lastRefusal.set(refusal);
                }
                return refusal == null;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(("connections as " + users + " could not be open at once within " + limit
                    + "; last refusal: " + lastRefusal.get() + "; the server holds: " + serverConnections())
                    .replaceAll("\\s*\\R\\s*", " "), e);
        }
    }

    /**
     * Null when connections as all of {@code users} could be open at the same time, else why one
     * was refused; closes them again with a close handshake, so the server has forgotten them when
     * this returns null.
     */
    private String refusalOpening(List<String> users) {
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (String user : users) {
                open.add(openReady(user));
            }
            return null;
        } catch (RuntimeException refused) {
            StringBuilder why = new StringBuilder();
            for (Throwable t = refused; t != null; t = t.getCause()) {
                why.append(why.length() == 0 ? "" : " <- ").append(t);
            }
            return why.toString();
        } finally {
            open.forEach(LimitsIT::closeCleanly);
        }
    }

    /** The server's list of its open connections, as the admin API gives it. */
    private String serverConnections() {
        try {
            HttpResponse<String> page = Login.get(ws, "/api/admin/connections?limit=50", Login.shared(ws, "admin"));
            return page.statusCode() + " " + page.body();
        } catch (RuntimeException e) {
            return "(not known: " + e + ")";
        }
    }

    /** Closes with a close handshake and waits for the server's close frame. */
    private static void closeCleanly(RawWebSocket raw) {
        try {
            raw.sendCloseQuietly(1000);
            raw.readTimeout(Duration.ofSeconds(10)).awaitClose();
        } finally {
            raw.close();
        }
    }
}
