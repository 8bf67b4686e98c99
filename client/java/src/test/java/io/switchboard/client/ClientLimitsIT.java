package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against a server with tight limits of its own: a low message rate, and one
 * connection per user.
 */
class ClientLimitsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int RATE = 5;
    private static HubProcess hub;
    private static HubApi admin;
    private final List<SwitchboardClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        hub = HubProcess.start("client-limits-it", Map.of(
                "switchboard.rate.messages-per-second", String.valueOf(RATE),
                "switchboard.rate.burst", String.valueOf(RATE),
                "switchboard.connections.max-per-user", "1"));
        admin = HubApi.loggedIn(hub, "admin", "demo");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SwitchboardClient::close);
    }

    private SwitchboardClient.Builder builder() {
        return SwitchboardClient.builder(hub.base()).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .circuitBreaker(100, Duration.ofSeconds(1));
    }

    private SwitchboardClient built(SwitchboardClient.Builder builder) {
        SwitchboardClient client = builder.build();
        clients.add(client);
        return client;
    }

    private static String apiKey(String name) {
        HttpResponse<String> created = admin.post("api/admin/api-keys", "{\"name\":\"" + name + "\",\"roles\":[\"user\"]}");
        assertThat(created.statusCode()).as("creating API key %s: %s", name, created.body()).isEqualTo(201);
        return Json.createReader(new StringReader(created.body())).readObject().getString("key");
    }

    /**
     * A burst four times the server's rate: the publishes it refuses with {@code rate_limited}, or
     * drops, go out again with their ids until each is stored, once.
     */
    @Test
    void publishesOverTheRateAreRetriedWithTheirIdsAndStoredOnce() throws Exception {
        int total = 4 * RATE;
        List<ServerFrame> frames = new CopyOnWriteArrayList<>();
        // dropped frames get no error at all (one a second): resend what stays unanswered soon
        SwitchboardClient service = built(builder().apiKey(apiKey("limits-burst")).onFrame(frames::add)
                .retryDelay(Duration.ofMillis(500)).resendAfter(Duration.ofSeconds(2)));
        service.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<CompletableFuture<ServerFrame.Ack>> acks = new ArrayList<>();
        for (int n = 1; n <= total; n++) {
            acks.add(service.publish("limits.burst", Json.createObjectBuilder().add("n", n).build()));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        assertThat(frames).as("the server refused some for now")
                .anySatisfy(f -> assertThat(f).isInstanceOfSatisfying(ServerFrame.Error.class,
                        e -> assertThat(e.code()).isEqualTo("rate_limited")));
        List<ServerFrame.Ack> answered = acks.stream().map(CompletableFuture::join).toList();
        assertThat(answered).extracting(ServerFrame.Ack::seq).as("one seq each, no gap")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(answered).extracting(ServerFrame.Ack::id).doesNotHaveDuplicates();
        List<String> refusedIds = frames.stream().filter(ServerFrame.Error.class::isInstance)
                .map(f -> ((ServerFrame.Error) f).id()).toList();
        assertThat(answered).extracting(ServerFrame.Ack::id).as("the refused ones were acked under their own ids")
                .containsAll(refusedIds);
        assertThat(frames).filteredOn(ServerFrame.Ack.class::isInstance).map(f -> (ServerFrame.Ack) f)
                .filteredOn(a -> !a.duplicate()).as("stored once each")
                .extracting(ServerFrame.Ack::id).doesNotHaveDuplicates().hasSize(total);
        assertThat(service.pendingCount()).isZero();

        // the stored stream: each number once, in the order of the seqs their acks carry
        ServerFrame.History history = service.history("limits.burst", 0, 0).get(60, TimeUnit.SECONDS);
        assertThat(history.messages()).extracting(ServerFrame.HistoryEntry::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        for (int n = 1; n <= total; n++) {
            long seq = answered.get(n - 1).seq();
            JsonObject data = history.messages().get((int) seq - 1).data().asJsonObject();
            assertThat(data.getInt("n")).as("the message stored as seq %d", seq).isEqualTo(n);
        }
    }

    /**
     * A second connection of a user allowed one: the handshake answers 429 with {@code Retry-After}
     * (10 s), which the client waits at least before it tries again, and it connects once the first
     * connection closed.
     */
    @Test
    void aHandshakeRefusedWithRetryAfterWaitsThatLongThenConnects() throws Exception {
        SwitchboardClient first = built(builder().login("bob", "demo"));
        first.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<StateChange> states = new CopyOnWriteArrayList<>();
        SwitchboardClient second = built(builder().login("bob", "demo").onState(states::add));
        CompletableFuture<Void> connected = second.connect();
        await().atMost(WAIT).until(() -> states.stream().anyMatch(s -> s.httpStatus() == 429));
        StateChange refused = states.stream().filter(s -> s.httpStatus() == 429).findFirst().orElseThrow();
        assertThat(refused.state()).isEqualTo(ConnectionState.WAITING);
        assertThat(refused.reconnect()).isTrue();
        assertThat(refused.closeCode()).isEqualTo(CloseCode.ABNORMAL);
        assertThat(refused.reason()).contains("429").contains("Retry-After 10 s");
        assertThat(refused.delay()).as("the server's Retry-After, not the backoff's second at most")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(connected).isNotDone();

        first.close();
        connected.get(60, TimeUnit.SECONDS);
        assertThat(second.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(states).filteredOn(s -> s.httpStatus() == 429).allSatisfy(s ->
                assertThat(s.delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(10)));
        assertThat(second.ping().get(30, TimeUnit.SECONDS)).isInstanceOf(ServerFrame.Pong.class);
    }
}
