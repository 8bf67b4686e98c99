package io.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
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
 * Presence as subscribers see it: one join per user when their first connection subscribes, one
 * leave when their last one goes, the list in {@code subscribed} and over HTTP, and nothing of it
 * in channels whose policy turns presence off. Absence of a frame is proved with a marker message
 * published afterwards (everything sent to a subscriber before it arrives first).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PresenceIT {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String POLICY_HEAD = ":durable=true,max-messages=1000,max-age=24h,presence=";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("presence", Map.of(
                "switchboard.channel-policies", "quiet.*" + POLICY_HEAD + "false;*" + POLICY_HEAD + "true"));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    @Test
    void aUserWithTwoTabsJoinsOnceAndLeavesOnlyWhenTheLastTabCloses() {
        String ch = DurableChannelIT.channel("room");
        try (WsClient bob = connect("bob"); WsClient marker = connect("mod")) {
            assertThat(users(DurableChannelIT.subscribe(bob, ch))).containsExactly("bob");

            WsClient tab1 = connect("alice");
            WsClient tab2 = connect("alice");
            try {
                assertThat(users(DurableChannelIT.subscribe(tab1, ch))).containsExactlyInAnyOrder("alice", "bob");
                JsonObject join = bob.next(f -> isPresence(f, ch) && !aliceEvents(List.of(f), ch).isEmpty());
                assertThat(join.getJsonObject("join")).as(join.toString()).isNotNull();
                assertThat(join.getJsonObject("join").getString("user")).isEqualTo("alice");

                // The second tab: listed once, and no second join.
                assertThat(users(DurableChannelIT.subscribe(tab2, ch))).containsExactlyInAnyOrder("alice", "bob");
                assertThat(aliceEvents(untilMarker(bob, marker, ch), ch)).as("presence about alice after tab 2").isEmpty();
                assertThat(presenceOverHttp(ch)).containsExactlyInAnyOrder("alice", "bob");

                // One tab closes: alice is still there.
                tab1.close();
                List<JsonObject> seen = new ArrayList<>();
                await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            seen.addAll(bob.drain(Duration.ZERO));
                            return aliceEvents(seen, ch).isEmpty();
                        });
                seen.addAll(untilMarker(bob, marker, ch));
                assertThat(aliceEvents(seen, ch)).as("presence about alice after tab 1 closed").isEmpty();
                assertThat(presenceOverHttp(ch)).containsExactlyInAnyOrder("alice", "bob");

                // The last tab closes: one leave.
                tab2.close();
                JsonObject leave = bob.next(f -> isPresence(f, ch) && !aliceEvents(List.of(f), ch).isEmpty());
                assertThat(aliceEvents(List.of(leave), ch)).containsExactly("leave:alice");
                assertThat(aliceEvents(untilMarker(bob, marker, ch), ch)).as("presence about alice after the leave").isEmpty();
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(presenceOverHttp(ch)).containsExactly("bob"));
            } finally {
                tab1.close();
                tab2.close();
            }
        }
    }

    @Test
    void unsubscribingTheOnlyConnectionLeavesAndSubscribingAgainJoinsAgain() {
        String ch = DurableChannelIT.channel("lobby");
        try (WsClient bob = connect("bob"); WsClient alice = connect("alice"); WsClient marker = connect("mod")) {
            DurableChannelIT.subscribe(bob, ch);

            DurableChannelIT.subscribe(alice, ch);
            // Subscribing again on the same connection changes nothing.
            assertThat(users(DurableChannelIT.subscribe(alice, ch))).containsExactlyInAnyOrder("alice", "bob");
            assertThat(aliceEvents(untilMarker(bob, marker, ch), ch)).containsExactly("join:alice");

            JsonObject unsubscribed = DurableChannelIT.call(alice,
                    Json.createObjectBuilder().add("type", "unsubscribe").add("channel", ch));
            assertThat(unsubscribed.getString("type")).as(unsubscribed.toString()).isEqualTo("unsubscribed");
            assertThat(aliceEvents(untilMarker(bob, marker, ch), ch)).containsExactly("leave:alice");
            assertThat(presenceOverHttp(ch)).containsExactly("bob");

            assertThat(users(DurableChannelIT.subscribe(alice, ch))).containsExactlyInAnyOrder("alice", "bob");
            assertThat(aliceEvents(untilMarker(bob, marker, ch), ch)).containsExactly("join:alice");
        }
    }

    @Test
    void channelsWithPresenceOffHaveNoPresenceFieldNoPresenceFramesAndNoPresenceResource() {
        String ch = "quiet." + DurableChannelIT.channel("room");
        try (WsClient bob = connect("bob"); WsClient marker = connect("mod")) {
            JsonObject bobs = DurableChannelIT.subscribe(bob, ch);
            assertThat(bobs.containsKey("presence")).as(bobs.toString()).isFalse();

            try (WsClient alice = connect("alice")) {
                JsonObject alices = DurableChannelIT.subscribe(alice, ch);
                assertThat(alices.containsKey("presence")).as(alices.toString()).isFalse();
                assertThat(presenceFrames(untilMarker(bob, marker, ch), ch)).as("after alice subscribed").isEmpty();

                HttpResponse<String> resource = Login.get(ws, "/api/channels/" + ch + "/presence", Login.shared(ws, "alice"));
                assertThat(resource.statusCode()).as(resource.body()).isEqualTo(404);
                DurableChannelIT.assertJsonError(resource, "not_found");

                JsonObject unsubscribed = DurableChannelIT.call(alice,
                        Json.createObjectBuilder().add("type", "unsubscribe").add("channel", ch));
                assertThat(unsubscribed.getString("type")).isEqualTo("unsubscribed");
                assertThat(presenceFrames(untilMarker(bob, marker, ch), ch)).as("after alice unsubscribed").isEmpty();
            }
        }
    }

    @Test
    void presenceOverHttpNeedsTheRightToSubscribeAndAValidChannel() {
        String ch = DurableChannelIT.channel("empty");
        HttpResponse<String> nobody = Login.get(ws, "/api/channels/" + ch + "/presence", Login.shared(ws, "alice"));
        assertThat(nobody.statusCode()).as(nobody.body()).isEqualTo(200);
        assertThat(Json.createReader(new StringReader(nobody.body())).readArray()).isEmpty();

        HttpResponse<String> forbidden = Login.get(ws, "/api/channels/admin." + ch + "/presence", Login.shared(ws, "alice"));
        assertThat(forbidden.statusCode()).as(forbidden.body()).isEqualTo(403);
        DurableChannelIT.assertJsonError(forbidden, "forbidden");

        HttpResponse<String> anonymous = Login.get(ws, "/api/channels/" + ch + "/presence", Login.anonymous(ws));
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        DurableChannelIT.assertJsonError(anonymous, "unauthorized");

        HttpResponse<String> invalid = Login.get(ws, "/api/channels/bad%20name%21/presence", Login.shared(ws, "alice"));
        assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
        DurableChannelIT.assertJsonError(invalid, "invalid_channel");
    }

    // ---------------------------------------------------------------- helpers

    private WsClient connect(String user) {
        return WsClient.connect(ws, Login.shared(ws, user));
    }

    /**
     * Publishes a marker into {@code ch} from {@code marker} (not subscribed, so no presence change)
     * and returns every frame {@code subscriber} got up to and including it.
     */
    private static List<JsonObject> untilMarker(WsClient subscriber, WsClient marker, String ch) {
        String data = "marker-" + COUNTER.incrementAndGet();
        DurableChannelIT.publish(marker, ch, data, "\"" + data + "\"");
        return subscriber.until(f -> "message".equals(f.getString("type", ""))
                && ch.equals(f.getString("channel", "")) && data.equals(f.getString("data", "")));
    }

    /** The users in a subscribed frame's presence list, in its order (duplicates kept). */
    private static List<String> users(JsonObject subscribed) {
        JsonValue presence = subscribed.get("presence");
        assertThat(presence).as("a presence list in %s", subscribed).isInstanceOf(JsonArray.class);
        return presence.asJsonArray().getValuesAs(JsonObject.class).stream().map(u -> u.getString("user")).toList();
    }

    private List<String> presenceOverHttp(String ch) {
        HttpResponse<String> response = Login.get(ws, "/api/channels/" + ch + "/presence", Login.shared(ws, "alice"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.createReader(new StringReader(response.body())).readArray().getValuesAs(JsonObject.class).stream()
                .map(u -> u.getString("user")).toList();
    }

    private static boolean isPresence(JsonObject f, String ch) {
        return "presence".equals(f.getString("type", "")) && ch.equals(f.getString("channel", ""));
    }

    private static List<JsonObject> presenceFrames(List<JsonObject> frames, String ch) {
        return frames.stream().filter(f -> isPresence(f, ch)).toList();
    }

    /** Presence events about alice in {@code ch}, written {@code join:alice} or {@code leave:alice}. */
    private static List<String> aliceEvents(List<JsonObject> frames, String ch) {
        List<String> events = new ArrayList<>();
        for (JsonObject f : presenceFrames(frames, ch)) {
            for (String kind : List.of("join", "leave")) {
                JsonValue who = f.get(kind);
                if (who instanceof JsonObject o && "alice".equals(o.getString("user", ""))) {
                    events.add(kind + ":alice");
                }
            }
        }
        return events;
    }
}
