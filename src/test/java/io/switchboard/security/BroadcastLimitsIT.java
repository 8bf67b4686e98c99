package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Broadcast's own limits, set low: who may broadcast, how large its data may be and how often one
 * connection may send one; and that a broadcast flood no longer overflows a bystander's queue.
 * Every broadcast reaches every connection of the deployment, so each test ends what it reads
 * with a marker broadcast of its own and looks only at what came before it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BroadcastLimitsIT {

    private static final int BURST = 3;
    // One token every 10 s: no test runs long enough to earn more than it counts on.
    private static final double PER_SECOND = 0.1;
    private static final int MAX_BYTES = 16384;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("broadcast-limits", Map.of(
                "switchboard.broadcast.role", "moderator",
                "switchboard.broadcast.messages-per-second", String.valueOf(PER_SECOND),
                "switchboard.broadcast.burst", String.valueOf(BURST),
                "switchboard.broadcast.max-bytes", String.valueOf(MAX_BYTES),
                // So a bystander closed while it was not reading can still read why once it reads.
                "switchboard.close-timeout", "60s"));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    @Test
    void broadcastOverMaxBytesIsRefusedWithLimitExceededAndNotDelivered() {
        try (WsClient mod = ready("mod"); WsClient bob = ready("bob")) {
            // data is measured as the JSON text forwarded: a string of n ASCII characters is n + 2 bytes.
            String fits = "x".repeat(MAX_BYTES - 2);
            mod.send(broadcast("\"" + fits + "\"", "fits"));
            mod.send(broadcast("\"" + fits + "x\"", "big"));
            // Bytes of UTF-8, not characters: MAX_BYTES / 2 two-byte characters and the quotes are over.
            mod.send(broadcast("\"" + "é".repeat(MAX_BYTES / 2) + "\"", "big-utf8"));
            mod.send(broadcast("{\"end\":\"size\"}", "end"));

            List<JsonObject> replies = repliesUntilPong(mod);
            assertThat(replies).as("replies to the sender").hasSize(2);
            assertError(replies.get(0), "limit_exceeded", "big");
            assertError(replies.get(1), "limit_exceeded", "big-utf8");

            List<JsonObject> got = broadcastsUntil(bob, "size");
            assertThat(got).extracting(b -> b.get("data").toString())
                    .containsExactly("\"" + fits + "\"", "{\"end\":\"size\"}");
            assertThat(got).allMatch(b -> "mod".equals(b.getString("from")));
        }
    }

    @Test
    void burstOverTheBroadcastRateDeliversExactlyTheBurstThenRateLimited() {
        try (WsClient mod = ready("mod"); WsClient bob = ready("bob"); WsClient marker = ready("admin")) {
            for (int i = 1; i <= BURST + 3; i++) {
                mod.send(broadcast("\"r" + i + "\"", "r" + i));
            }
            List<JsonObject> replies = repliesUntilPong(mod);
            // One error for the three refused: at most one a second, like the general limit.
            assertThat(replies).as("replies to the sender").hasSize(1);
            assertError(replies.get(0), "rate_limited", "r" + (BURST + 1));

            marker.send(broadcast("{\"end\":\"rate\"}", "end"));
            List<JsonObject> got = broadcastsUntil(bob, "rate");
            assertThat(got).extracting(b -> b.get("data").toString())
                    .containsExactly("\"r1\"", "\"r2\"", "\"r3\"", "{\"end\":\"rate\"}");
            assertThat(mod.isOpen()).isTrue();
        }
    }

    @Test
    void userBelowTheBroadcastRoleIsForbidden() {
        try (WsClient alice = ready("alice"); WsClient bob = ready("bob"); WsClient admin = ready("admin")) {
            alice.send(broadcast("\"from a user\"", "a1"));
            List<JsonObject> replies = repliesUntilPong(alice);
            assertThat(replies).as("replies to the sender").hasSize(1);
            assertError(replies.get(0), "forbidden", "a1");

            // Roles rank: an admin may do what the configured moderator may.
            admin.send(broadcast("{\"end\":\"role\"}", "end"));
            List<JsonObject> got = broadcastsUntil(bob, "role");
            assertThat(got).extracting(b -> b.get("data").toString()).containsExactly("{\"end\":\"role\"}");
            assertThat(got.get(0).getString("from")).isEqualTo("admin");
            assertThat(alice.isOpen()).isTrue();
        }
    }

    @Test
    void broadcastFloodCannotGetAnIdleBystanderClosedWith1013() throws Exception {
        // Unlimited, this is 32 MB for the bystander: far more than its outbound queue (1 MB by
        // default) and the socket buffers between hold.
        int flooders = 4;
        int perFlooder = 500;
        String pad = "p".repeat(MAX_BYTES - 64);
        // A small receive window and no reading during the flood: what the broadcasts put in the
        // server's queue for it stays there, as for a client that reads slowly.
        RawWebSocket bystander = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(),
                List.of(WsClient.V1), Login.shared(ws, "bob").headers(), 4096);
        ExecutorService pool = Executors.newFixedThreadPool(flooders);
        List<WsClient> clients = new ArrayList<>();
        try {
            bystander.sendText("{\"type\":\"ping\",\"id\":\"ready\"}");
            assertThat(lines(bystander.readText())).extracting(f -> f.getString("type")).containsExactly("pong");
            for (int f = 0; f < flooders; f++) {
                clients.add(ready("mod"));
            }

            long start = System.nanoTime();
            List<Future<List<JsonObject>>> floods = new ArrayList<>();
            for (int f = 0; f < flooders; f++) {
                WsClient flooder = clients.get(f);
                int n = f;
                floods.add(pool.submit(() -> {
                    for (int k = 0; k < perFlooder; k++) {
                        flooder.send(broadcast("{\"f\":" + n + ",\"k\":" + k + ",\"pad\":\"" + pad + "\"}", "f" + n + "-" + k));
                    }
                    return repliesUntilPong(flooder);
                }));
            }
            List<List<JsonObject>> replies = new ArrayList<>();
            List<String> floodersClosed = new ArrayList<>();
            for (int f = 0; f < flooders; f++) {
                try {
                    replies.add(floods.get(f).get(120, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    floodersClosed.add("flooder " + f + ": " + e.getCause()
                            + (clients.get(f).isOpen() ? "" : ", closed with " + clients.get(f).awaitClose()));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            try (WsClient marker = ready("admin")) {
                marker.send(broadcast("{\"end\":\"flood\"}", "end"));
            }

            List<JsonObject> got = new ArrayList<>();
            while (got.isEmpty() || !isEnd(got.get(got.size() - 1), "flood")) {
                RawWebSocket.Frame frame = bystander.readFrame();
                assertThat(frame.opcode()).as("bystander got %s", frame).isNotEqualTo(RawWebSocket.CLOSE);
                if (frame.opcode() == RawWebSocket.TEXT) {
                    got.addAll(lines(frame.text()));
                }
            }
            // Each flooder got through its burst and what the rate refilled meanwhile, in order;
            // nothing else reached the bystander but the marker.
            int allowed = BURST + (int) (seconds * PER_SECOND);
            int delivered = 0;
            for (int f = 0; f < flooders; f++) {
                int n = f;
                List<Integer> ks = got.stream()
                        .filter(b -> b.get("data") instanceof JsonObject d && d.getInt("f", -1) == n)
                        .map(b -> b.getJsonObject("data").getInt("k")).toList();
                assertThat(ks).as("broadcasts of flooder %d delivered within %.1f s", n, seconds)
                        .hasSizeBetween(BURST, allowed).startsWith(0, 1, 2).isSorted();
                delivered += ks.size();
            }
            assertThat(got).hasSize(delivered + 1).allMatch(b -> "broadcast".equals(b.getString("type")));
            assertThat(floodersClosed).as("flooders' own connections stay open").isEmpty();
            for (List<JsonObject> r : replies) {
                assertThat(r).as("the flooder is told it is over the rate").isNotEmpty()
                        .allMatch(e -> "rate_limited".equals(e.getString("code", "")));
            }

            // Still open and served.
            bystander.sendText("{\"type\":\"ping\",\"id\":\"after\"}");
            assertThat(lines(bystander.readText())).extracting(f -> f.getString("id", "")).contains("after");
        } finally {
            pool.shutdownNow();
            clients.forEach(WsClient::close);
            bystander.sendCloseQuietly(1000);
            bystander.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A client as {@code user} that the server has registered (it answered a ping). */
    private WsClient ready(String user) {
        WsClient c = WsClient.connect(ws, Login.shared(ws, user));
        c.send("{\"type\":\"ping\",\"id\":\"ready\"}");
        assertThat(c.expect("pong").getString("id")).isEqualTo("ready");
        return c;
    }

    private static String broadcast(String data, String id) {
        return "{\"type\":\"broadcast\",\"data\":" + data + ",\"id\":\"" + id + "\"}";
    }

    /**
     * What the server sent {@code c} in reply to its requests so far: every frame but broadcasts
     * from others, up to a pong that follows them all.
     */
    private static List<JsonObject> repliesUntilPong(WsClient c) {
        c.send("{\"type\":\"ping\",\"id\":\"flush\"}");
        List<JsonObject> replies = new ArrayList<>(c.until(f -> "pong".equals(f.getString("type", ""))
                && "flush".equals(f.getString("id", ""))));
        replies.remove(replies.size() - 1);
        replies.removeIf(f -> "broadcast".equals(f.getString("type", "")));
        return replies;
    }

    /** The broadcasts {@code c} received up to and including the marker {@code {"end":name}}. */
    private static List<JsonObject> broadcastsUntil(WsClient c, String name) {
        Predicate<JsonObject> end = f -> isEnd(f, name);
        return c.until(end).stream().filter(f -> "broadcast".equals(f.getString("type", ""))).toList();
    }

    private static boolean isEnd(JsonObject frame, String name) {
        return "broadcast".equals(frame.getString("type", ""))
                && frame.get("data") instanceof JsonObject d && name.equals(d.getString("end", ""));
    }

    private static void assertError(JsonObject frame, String code, String id) {
        assertThat(frame.getString("type")).as("%s", frame).isEqualTo("error");
        assertThat(frame.getString("code")).as("%s", frame).isEqualTo(code);
        assertThat(frame.getString("id")).as("%s", frame).isEqualTo(id);
        assertThat(frame.getString("message")).isNotBlank();
    }

    /** The JSON objects of one server frame, which may hold several separated by newlines. */
    private static List<JsonObject> lines(String text) {
        List<JsonObject> objects = new ArrayList<>();
        for (String line : text.split("\n")) {
            objects.add(Json.createReader(new StringReader(line)).readObject());
        }
        return objects;
    }
}
