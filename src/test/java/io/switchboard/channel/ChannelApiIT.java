package io.switchboard.channel;

import static io.switchboard.channel.DurableChannelIT.assertJsonError;
import static io.switchboard.channel.DurableChannelIT.channel;
import static io.switchboard.channel.DurableChannelIT.channelFrames;
import static io.switchboard.channel.DurableChannelIT.range;
import static io.switchboard.channel.DurableChannelIT.seq;
import static io.switchboard.channel.DurableChannelIT.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * The channel HTTP API ({@code /api/channels/...}): publishing with a session or an API key,
 * idempotent retries, reading history, resetting a channel, and the refusals, as a client sees
 * them, with WebSocket subscribers checking what was delivered.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChannelApiIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("channelapi", Map.of());
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    // ---------------------------------------------------------------- publishing

    @Test
    void publishingWithASessionIs201WithSeqAndEpochAndSubscribersGetTheMessageFromTheUser() {
        String ch = channel("http");
        try (WsClient sub = WsClient.connect(ws, Login.shared(ws, "bob"))) {
            String epoch = DurableChannelIT.epochOf(subscribe(sub, ch));

            HttpResponse<String> first = publish(ch, "{\"data\":{\"text\":\"hello\"}}", session("alice"));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            JsonObject body = json(first.body());
            assertThat(seq(body)).isEqualTo(1);
            assertThat(body.getString("epoch")).isEqualTo(epoch);
            HttpResponse<String> second = publish(ch, "{\"data\":null}", session("alice"));
            assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
            assertThat(seq(json(second.body()))).isEqualTo(2);

            List<JsonObject> got = channelFrames(sub, ch, 2);
            DurableChannelIT.assertContiguous(got, 1);
            assertThat(got.get(0).getJsonObject("data").getString("text")).isEqualTo("hello");
            assertThat(got.get(0).getString("from")).isEqualTo("alice");
            assertThat(got.get(0).getJsonNumber("ts").longValue()).isGreaterThan(1_700_000_000_000L);
            assertThat(got.get(1).get("data")).isEqualTo(JsonValue.NULL);
        }
    }

    @Test
    void publishingWithAnApiKeyIs201AndTheMessageComesFromTheKeysName() {
        String name = "svc-" + Long.toString(System.nanoTime(), 36);
        HttpResponse<String> created = Login.post(ws, "/api/admin/api-keys",
                "{\"name\":\"" + name + "\",\"roles\":[\"user\"]}", Login.shared(ws, "admin"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = json(created.body()).getString("key");

        String ch = channel("svc");
        try (WsClient sub = WsClient.connect(ws, Login.shared(ws, "bob"))) {
            String epoch = DurableChannelIT.epochOf(subscribe(sub, ch));

            HttpResponse<String> published = publish(ch, "{\"data\":{\"n\":7}}",
                    Map.of("Authorization", "Bearer " + key, "Origin", Login.origin(ws)));

            assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
            assertThat(seq(json(published.body()))).isEqualTo(1);
            assertThat(json(published.body()).getString("epoch")).isEqualTo(epoch);
            JsonObject message = channelFrames(sub, ch, 1).get(0);
            assertThat(message.getString("from")).isEqualTo(name);
            assertThat(message.getJsonObject("data").getInt("n")).isEqualTo(7);

            // A back-end service sends no Origin: an API key needs none, a browser session does.
            HttpResponse<String> service = publish(ch, "{\"data\":8}", Map.of("Authorization", "Bearer " + key));
            assertThat(service.statusCode()).as(service.body()).isEqualTo(201);
            assertThat(seq(json(service.body()))).isEqualTo(2);
            Map<String, String> sessionWithoutOrigin = new LinkedHashMap<>(session("alice"));
            sessionWithoutOrigin.remove("Origin");
            HttpResponse<String> page = publish(ch, "{\"data\":9}", sessionWithoutOrigin);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(403);
            assertJsonError(page, "forbidden_origin");
        }

        HttpResponse<String> wrongKey = publish(ch, "{\"data\":1}",
                Map.of("Authorization", "Bearer sbk_not-a-real-key", "Origin", Login.origin(ws)));
        assertThat(wrongKey.statusCode()).as(wrongKey.body()).isEqualTo(401);
        assertJsonError(wrongKey, "unauthorized");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheFirstResultAgainAndPublishesOnce() {
        String ch = channel("idem");
        String idempotencyKey = "order-" + Long.toString(System.nanoTime(), 36);
        try (WsClient sub = WsClient.connect(ws, Login.shared(ws, "bob"))) {
            subscribe(sub, ch);
            Map<String, String> headers = new LinkedHashMap<>(session("alice"));
            headers.put("Idempotency-Key", idempotencyKey);

            HttpResponse<String> first = publish(ch, "{\"data\":\"once\"}", headers);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            assertThat(first.headers().firstValue("Idempotent-Replayed").orElse("")).isNotEqualToIgnoringCase("true");
            HttpResponse<String> retry = publish(ch, "{\"data\":\"once\"}", headers);

            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
            assertThat(json(retry.body())).isEqualTo(json(first.body()));
            assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");

            HttpResponse<String> marker = publish(ch, "{\"data\":\"marker\"}", session("alice"));
            assertThat(marker.statusCode()).as(marker.body()).isEqualTo(201);
            assertThat(seq(json(marker.body()))).isEqualTo(seq(json(first.body())) + 1);
            List<JsonObject> got = channelFrames(sub, ch, 2);
            assertThat(got).extracting(m -> m.getString("data")).as("delivered once, then the marker")
                    .containsExactly("once", "marker");
        }
    }

    @Test
    void badBodiesAndBadChannelNamesAre400() {
        String ch = channel("bad");
        Map<String, String> alice = session("alice");
        assertThat(seq(json(publish(ch, "{\"data\":\"before\"}", alice).body()))).isEqualTo(1);

        HttpResponse<String> notJson = publish(ch, "{oops", alice);
        assertThat(notJson.statusCode()).as(notJson.body()).isEqualTo(400);
        assertJsonError(notJson, "bad_json");

        HttpResponse<String> noData = publish(ch, "{\"text\":\"where is data\"}", alice);
        assertThat(noData.statusCode()).as(noData.body()).isEqualTo(400);
        assertJsonError(noData, "bad_request");

        HttpResponse<String> notAnObject = publish(ch, "[1,2]", alice);
        assertThat(notAnObject.statusCode()).as(notAnObject.body()).isEqualTo(400);
        assertJsonError(notAnObject, "bad_json");

        for (String badName : List.of("bad%20name%21", "x".repeat(129))) {
            HttpResponse<String> post = publish(badName, "{\"data\":1}", alice);
            assertThat(post.statusCode()).as(badName + ": " + post.body()).isEqualTo(400);
            assertJsonError(post, "invalid_channel");
            HttpResponse<String> get = http("GET", "/api/channels/" + badName + "/messages", null, alice);
            assertThat(get.statusCode()).as(badName + ": " + get.body()).isEqualTo(400);
            assertJsonError(get, "invalid_channel");
        }

        // None of it was published or took a number.
        HttpResponse<String> after = publish(ch, "{\"data\":\"after\"}", alice);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
        assertThat(seq(json(after.body()))).isEqualTo(2);
        assertThat(seqs(getMessages(ch, "", alice))).containsExactly(1L, 2L);
    }

    @Test
    void publishingNeedsThePublishRightAndALogin() {
        String announce = "announce." + channel("news");

        HttpResponse<String> byUser = publish(announce, "{\"data\":\"x\"}", session("alice"));
        assertThat(byUser.statusCode()).as(byUser.body()).isEqualTo(403);
        assertJsonError(byUser, "forbidden");

        HttpResponse<String> anonymous = publish(announce, "{\"data\":\"x\"}", Map.of("Origin", Login.origin(ws)));
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertJsonError(anonymous, "unauthorized");

        HttpResponse<String> byModerator = publish(announce, "{\"data\":\"x\"}", session("mod"));
        assertThat(byModerator.statusCode()).as(byModerator.body()).isEqualTo(201);
        assertThat(seq(json(byModerator.body()))).as("the refused publishes took no number").isEqualTo(1);
    }

    // ---------------------------------------------------------------- reading

    @Test
    void getMessagesPagesWithBeforeAndLimitLikeTheHistoryFrame() {
        String ch = channel("pages");
        for (int i = 1; i <= 12; i++) {
            HttpResponse<String> r = publish(ch, "{\"data\":" + i + "}", session("alice"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(seq(json(r.body()))).isEqualTo(i);
        }
        Map<String, String> bob = session("bob");

        JsonObject newest = getMessages(ch, "?limit=5", bob);
        assertThat(newest.getString("channel")).isEqualTo(ch);
        assertThat(newest.getString("epoch")).isNotEmpty();
        assertThat(seqs(newest)).isEqualTo(range(8, 12));
        for (JsonObject e : newest.getJsonArray("messages").getValuesAs(JsonObject.class)) {
            assertThat(e.getInt("data")).isEqualTo((int) seq(e));
            assertThat(e.getString("from")).isEqualTo("alice");
            assertThat(e.getJsonNumber("ts").longValue()).isGreaterThan(1_700_000_000_000L);
        }
        assertThat(seqs(getMessages(ch, "?before=8&limit=5", bob))).isEqualTo(range(3, 7));
        assertThat(seqs(getMessages(ch, "?before=3", bob))).isEqualTo(range(1, 2));
        assertThat(seqs(getMessages(ch, "", bob))).isEqualTo(range(1, 12));

        // The same as the history frame.
        try (WsClient c = WsClient.connect(ws, Login.shared(ws, "bob"))) {
            JsonObject frame = DurableChannelIT.history(c, ch, 8L, 5);
            JsonObject page = getMessages(ch, "?before=8&limit=5", bob);
            assertThat(page.getString("epoch")).isEqualTo(frame.getString("epoch"));
            assertThat(page.getJsonArray("messages")).isEqualTo(frame.getJsonArray("messages"));
        }
    }

    @Test
    void badBeforeOrLimitIs400AndReadingNeedsTheRightToSubscribeAndALogin() {
        String ch = channel("badpage");
        Map<String, String> alice = session("alice");
        for (String query : List.of("?limit=0", "?limit=-1", "?limit=ten", "?before=0", "?before=-5", "?before=x&limit=2")) {
            HttpResponse<String> r = http("GET", "/api/channels/" + ch + "/messages" + query, null, alice);
            assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(400);
            assertJsonError(r, "bad_request");
        }

        HttpResponse<String> forbidden = http("GET", "/api/channels/admin." + ch + "/messages", null, alice);
        assertThat(forbidden.statusCode()).as(forbidden.body()).isEqualTo(403);
        assertJsonError(forbidden, "forbidden");

        HttpResponse<String> anonymous = http("GET", "/api/channels/" + ch + "/messages", null, Map.of("Origin", Login.origin(ws)));
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertJsonError(anonymous, "unauthorized");
    }

    // ---------------------------------------------------------------- reset

    @Test
    void resetByAnAdminGivesANewEpochEmptiesHistoryAndNumberingGoesOn() {
        String ch = channel("reset");
        String epoch;
        try (WsClient sub = WsClient.connect(ws, Login.shared(ws, "bob"))) {
            epoch = DurableChannelIT.epochOf(subscribe(sub, ch));
            for (int i = 1; i <= 3; i++) {
                assertThat(publish(ch, "{\"data\":" + i + "}", session("alice")).statusCode()).isEqualTo(201);
            }
            DurableChannelIT.assertContiguous(channelFrames(sub, ch, 3), 1);
        } // the client goes away having handled 1..3 of epoch

        HttpResponse<String> reset = http("POST", "/api/channels/" + ch + "/reset", "", session("admin"));
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        JsonObject answer = json(reset.body());
        assertThat(seq(answer)).isEqualTo(3);
        String newEpoch = answer.getString("epoch");
        assertThat(newEpoch).isNotEmpty().isNotEqualTo(epoch);

        JsonObject emptied = getMessages(ch, "", session("alice"));
        assertThat(emptied.getString("epoch")).isEqualTo(newEpoch);
        assertThat(emptied.getJsonArray("messages")).isEmpty();

        try (WsClient back = WsClient.connect(ws, Login.shared(ws, "bob"))) {
            // Even with nothing published since, the old epoch's seq cannot be recovered.
            JsonObject resubscribed = subscribe(back, ch, 3, epoch);
            assertThat(resubscribed.get("recovered")).as(resubscribed.toString()).isEqualTo(JsonValue.FALSE);
            assertThat(seq(resubscribed)).isEqualTo(3);
            assertThat(resubscribed.getString("epoch")).isEqualTo(newEpoch);

            HttpResponse<String> next = publish(ch, "{\"data\":4}", session("alice"));
            assertThat(next.statusCode()).as(next.body()).isEqualTo(201);
            assertThat(seq(json(next.body()))).isEqualTo(4);
            assertThat(json(next.body()).getString("epoch")).isEqualTo(newEpoch);
            assertThat(seq(channelFrames(back, ch, 1).get(0))).isEqualTo(4);
        }
        assertThat(seqs(getMessages(ch, "", session("alice")))).containsExactly(4L);
    }

    @Test
    void resetIsForAdminsOnly() {
        String ch = channel("noreset");
        assertThat(publish(ch, "{\"data\":1}", session("alice")).statusCode()).isEqualTo(201);
        String epoch = getMessages(ch, "", session("alice")).getString("epoch");

        for (String user : List.of("alice", "mod")) {
            HttpResponse<String> refused = http("POST", "/api/channels/" + ch + "/reset", "", session(user));
            assertThat(refused.statusCode()).as(user + ": " + refused.body()).isEqualTo(403);
            assertJsonError(refused, "forbidden");
        }
        HttpResponse<String> anonymous = http("POST", "/api/channels/" + ch + "/reset", "", Map.of("Origin", Login.origin(ws)));
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertJsonError(anonymous, "unauthorized");

        JsonObject unchanged = getMessages(ch, "", session("alice"));
        assertThat(unchanged.getString("epoch")).isEqualTo(epoch);
        assertThat(seqs(unchanged)).containsExactly(1L);
    }

    // ---------------------------------------------------------------- helpers

    /** The headers of a logged-in page: its session cookie and Origin. */
    private Map<String, String> session(String user) {
        return Login.shared(ws, user).headers();
    }

    private HttpResponse<String> publish(String ch, String body, Map<String, String> headers) {
        return http("POST", "/api/channels/" + ch + "/messages", body, headers);
    }

    private JsonObject getMessages(String ch, String query, Map<String, String> headers) {
        HttpResponse<String> r = http("GET", "/api/channels/" + ch + "/messages" + query, null, headers);
        assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
        JsonObject page = json(r.body());
        assertThat(page.getString("channel")).isEqualTo(ch);
        return page;
    }

    private static List<Long> seqs(JsonObject page) {
        return page.getJsonArray("messages").getValuesAs(JsonObject.class).stream().map(DurableChannelIT::seq).toList();
    }

    /** A request with exactly {@code headers} besides Content-Type; {@code body} null means none. */
    private HttpResponse<String> http(String method, String path, String body, Map<String, String> headers) {
        String context = ws.getRawPath().substring(0, ws.getRawPath().length() - "/ws".length());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Login.origin(ws) + context + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
