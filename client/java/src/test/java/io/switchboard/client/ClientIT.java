package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The client against a real server: one Payara Micro for the class, restarted (same port, same
 * data) by the last test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static HubProcess hub;
    private static HubApi admin;
    private final List<SwitchboardClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        hub = HubProcess.start("client-it");
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
        // quick reconnects: a restarted server is back within seconds
        return SwitchboardClient.builder(hub.base()).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .circuitBreaker(100, Duration.ofSeconds(1));
    }

    private SwitchboardClient open(SwitchboardClient.Builder builder) throws Exception {
        SwitchboardClient client = builder.build();
        clients.add(client);
        client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    private static JsonObject numbered(int n) {
        return Json.createObjectBuilder().add("n", n).build();
    }

    private static String apiKey(String name) {
        HttpResponse<String> created = admin.post("api/admin/api-keys", "{\"name\":\"" + name + "\",\"roles\":[\"user\"]}");
        assertThat(created.statusCode()).as("creating API key %s: %s", name, created.body()).isEqualTo(201);
        return Json.createReader(new StringReader(created.body())).readObject().getString("key");
    }

    /** A handler that keeps every event of its channel, in order. */
    private static final class Recorder implements ChannelHandler {
        final List<ChannelEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(ChannelEvent event) {
            events.add(event);
        }

        List<ServerFrame.Message> messages() {
            return events.stream().filter(ServerFrame.Message.class::isInstance).map(ServerFrame.Message.class::cast).toList();
        }

        <T extends ChannelEvent> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    @Test
    @Order(1)
    void passwordLoginSubscribesPublishesAndGetsItsAcksAndMessages() throws Exception {
        List<StateChange> states = new CopyOnWriteArrayList<>();
        SwitchboardClient alice = open(builder().login("alice", "demo").onState(states::add));
        Recorder lobby = new Recorder();
        ServerFrame.Subscribed subscribed = alice.subscribe("it.basic", lobby).get(30, TimeUnit.SECONDS);
        assertThat(subscribed.seq()).isZero();
        assertThat(subscribed.presence()).containsExactly("alice");

        List<ServerFrame.Ack> acks = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            acks.add(alice.publish("it.basic", numbered(n)).get(30, TimeUnit.SECONDS));
        }
        assertThat(acks).extracting(ServerFrame.Ack::seq).containsExactly(1L, 2L, 3L);
        assertThat(acks).extracting(ServerFrame.Ack::duplicate).containsOnly(false);
        await().atMost(WAIT).until(() -> lobby.messages().size() == 3);
        assertThat(lobby.messages()).extracting(ServerFrame.Message::seq).containsExactly(1L, 2L, 3L);
        assertThat(lobby.messages()).extracting(m -> m.data().asJsonObject().getInt("n")).containsExactly(1, 2, 3);
        assertThat(lobby.messages()).extracting(ServerFrame.Message::from).containsOnly("alice");
        assertThat(lobby.events.get(0)).isEqualTo(subscribed);
        assertThat(alice.position("it.basic")).contains(new Position(3, subscribed.epoch()));
        assertThat(states).extracting(StateChange::state)
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);

        ServerFrame.Echo echo = alice.echo(Json.createArrayBuilder().add("at all").add(1).addNull().build()).get(30, TimeUnit.SECONDS);
        assertThat(echo.data().toString()).isEqualTo("[\"at all\",1,null]");
        assertThat(alice.ping().get(30, TimeUnit.SECONDS)).isInstanceOf(ServerFrame.Pong.class);
    }

    @Test
    @Order(2)
    void anApiKeyConnectsAndPublishesUnderItsName() throws Exception {
        SwitchboardClient service = open(builder().apiKey(apiKey("it-service")));
        Recorder events = new Recorder();
        service.subscribe("it.keys", events).get(30, TimeUnit.SECONDS);
        ServerFrame.Ack ack = service.publish("it.keys", Json.createValue("from a service")).get(30, TimeUnit.SECONDS);
        assertThat(ack.seq()).isEqualTo(1);
        await().atMost(WAIT).until(() -> events.messages().size() == 1);
        assertThat(events.messages().get(0).from()).isEqualTo("it-service");
        assertThat(events.messages().get(0).data()).isEqualTo(Json.createValue("from a service"));
    }

    @Test
    @Order(3)
    void aRefusedPublishFailsItsFutureWithTheHubsCode() throws Exception {
        SwitchboardClient bob = open(builder().login("bob", "demo"));
        CompletableFuture<ServerFrame.Ack> refused = bob.publish("announce.news", Json.createValue("not mine to say"));
        assertThat(refused).failsWithin(WAIT).withThrowableThat()
                .havingCause().isInstanceOf(SwitchboardException.class)
                .satisfies(e -> assertThat(((SwitchboardException) e).code()).isEqualTo("forbidden"));
        assertThat(bob.pendingCount()).isZero();
    }

    @Test
    @Order(4)
    void historyPagesThroughStoredMessages() throws Exception {
        SwitchboardClient alice = open(builder().login("alice", "demo"));
        for (int n = 1; n <= 5; n++) {
            alice.publish("it.history", numbered(n)).get(30, TimeUnit.SECONDS);
        }
        ServerFrame.History all = alice.history("it.history", 0, 0).get(30, TimeUnit.SECONDS);
        assertThat(all.channel()).isEqualTo("it.history");
        assertThat(all.messages()).extracting(ServerFrame.HistoryEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(all.messages()).extracting(e -> e.data().asJsonObject().getInt("n")).containsExactly(1, 2, 3, 4, 5);
        ServerFrame.History page = alice.history("it.history", 5, 2).get(30, TimeUnit.SECONDS);
        assertThat(page.messages()).extracting(ServerFrame.HistoryEntry::seq).containsExactly(3L, 4L);
        assertThat(page.epoch()).isEqualTo(all.epoch());
    }

    @Test
    @Order(5)
    void presenceListsTheSubscribersAndFollowsJoinsAndLeaves() throws Exception {
        SwitchboardClient alice = open(builder().login("alice", "demo"));
        Recorder aliceEvents = new Recorder();
        assertThat(alice.subscribe("it.presence", aliceEvents).get(30, TimeUnit.SECONDS).presence()).containsExactly("alice");
        assertThat(alice.presence("it.presence")).containsExactly("alice");

        SwitchboardClient bob = open(builder().login("bob", "demo"));
        ServerFrame.Subscribed bobs = bob.subscribe("it.presence", new Recorder()).get(30, TimeUnit.SECONDS);
        assertThat(bobs.presence()).containsExactlyInAnyOrder("alice", "bob");
        await().atMost(WAIT).until(() -> aliceEvents.of(ServerFrame.Presence.class).size() == 1);
        assertThat(aliceEvents.of(ServerFrame.Presence.class).get(0)).isEqualTo(new ServerFrame.Presence("it.presence", "bob", true));
        assertThat(alice.presence("it.presence")).containsExactlyInAnyOrder("alice", "bob");

        bob.close();
        assertThat(bob.state()).isEqualTo(ConnectionState.CLOSED);
        await().atMost(WAIT).until(() -> aliceEvents.of(ServerFrame.Presence.class).size() == 2);
        assertThat(aliceEvents.of(ServerFrame.Presence.class).get(1)).isEqualTo(new ServerFrame.Presence("it.presence", "bob", false));
        assertThat(alice.presence("it.presence")).containsExactly("alice");
    }

    @Test
    @Order(6)
    void aWrongPasswordEndsTheClientWithoutRetrying() throws Exception {
        List<StateChange> states = new CopyOnWriteArrayList<>();
        SwitchboardClient client = builder().login("alice", "not the password").onState(states::add).build();
        clients.add(client);
        assertThat(client.connect()).failsWithin(WAIT);
        await().atMost(WAIT).until(() -> !states.isEmpty() && states.get(states.size() - 1).state() == ConnectionState.CLOSED);
        StateChange last = states.get(states.size() - 1);
        assertThat(last.httpStatus()).isEqualTo(401);
        assertThat(last.reconnect()).isFalse();
        assertThat(states).extracting(StateChange::state).containsExactly(ConnectionState.CONNECTING, ConnectionState.CLOSED);
    }

    @Test
    @Order(7)
    void aKickEndsTheClientWith4003AndNoReconnect() throws Exception {
        HttpResponse<String> created = admin.post("api/admin/users",
                "{\"username\":\"carol\",\"password\":\"carol-password\",\"roles\":[\"user\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        List<StateChange> states = new CopyOnWriteArrayList<>();
        SwitchboardClient carol = open(builder().login("carol", "carol-password").onState(states::add));
        carol.subscribe("it.kick", new Recorder()).get(30, TimeUnit.SECONDS);

        HttpResponse<String> kicked = HubApi.loggedIn(hub, "mod", "demo").post("api/admin/users/carol/kick", "");
        assertThat(kicked.statusCode()).as(kicked.body()).isEqualTo(200);

        await().atMost(WAIT).until(() -> carol.state() == ConnectionState.CLOSED
                && states.get(states.size() - 1).state() == ConnectionState.CLOSED);
        StateChange closed = states.get(states.size() - 1);
        assertThat(closed.closeCode()).isEqualTo(4003);
        assertThat(closed.reconnect()).isFalse();
        assertThat(states).extracting(StateChange::state)
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.CLOSED);
        assertThat(carol.publish("it.kick", JsonValue.NULL)).failsWithin(WAIT).withThrowableThat()
                .havingCause().isInstanceOf(SwitchboardException.class)
                .satisfies(e -> assertThat(((SwitchboardException) e).code()).isEqualTo(SwitchboardException.CLOSED));
    }

    @Test
    @Order(8)
    void closeEndsTheClientsThreads() throws Exception {
        SwitchboardClient alice = open(builder().login("alice", "demo"));
        alice.subscribe("it.threads", new Recorder()).get(30, TimeUnit.SECONDS);
        assertThat(clientThreads()).isNotEmpty();
        alice.close();
        assertThat(alice.state()).isEqualTo(ConnectionState.CLOSED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(clientThreads()).isEmpty());
    }

    @Test
    @Order(9)
    void aSilentConnectionIsProbedThenReplaced() throws Exception {
        List<StateChange> states = new CopyOnWriteArrayList<>();
        SwitchboardClient alice = open(builder().login("alice", "demo").onState(states::add)
                .heartbeat(Duration.ofSeconds(1), Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(3)));
        Recorder events = new Recorder();
        alice.subscribe("it.silent", events).get(30, TimeUnit.SECONDS);
        hub.freeze();
        try {
            await().atMost(WAIT).until(() -> states.stream().anyMatch(s -> s.state() == ConnectionState.WAITING));
        } finally {
            hub.thaw();
        }
        StateChange replaced = states.stream().filter(s -> s.state() == ConnectionState.WAITING).findFirst().orElseThrow();
        assertThat(replaced.closeCode()).isEqualTo(CloseCode.ABNORMAL);
        assertThat(replaced.reason()).contains("no answer to a ping");
        assertThat(replaced.reconnect()).isTrue();
        await().atMost(WAIT).until(() -> alice.state() == ConnectionState.CONNECTED
                && events.of(ServerFrame.Subscribed.class).size() >= 2);
        alice.publish("it.silent", Json.createValue("still here")).get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> events.messages().size() == 1);
    }

    @Test
    @Order(20)
    void aMsgpackClientSubscribesPublishesAndGetsItsAcksMessagesAndReplies() throws Exception {
        List<StateChange> states = new CopyOnWriteArrayList<>();
        List<ServerFrame> frames = new CopyOnWriteArrayList<>();
        SwitchboardClient alice = open(builder().login("alice", "demo").encoding(Encoding.MSGPACK)
                .onState(states::add).onFrame(frames::add));
        Recorder events = new Recorder();
        ServerFrame.Subscribed subscribed = alice.subscribe("it.mp.basic", events).get(30, TimeUnit.SECONDS);
        assertThat(subscribed.seq()).isZero();
        assertThat(subscribed.presence()).containsExactly("alice");

        JsonObject every = Json.createObjectBuilder().add("s", "ünïcode \"quoted\"").add("big", Long.MAX_VALUE)
                .add("neg", -33).add("f", 1.5).add("t", true).addNull("n")
                .add("list", Json.createArrayBuilder().add(1).add(Json.createObjectBuilder())).build();
        List<ServerFrame.Ack> acks = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            acks.add(alice.publish("it.mp.basic", numbered(n)).get(30, TimeUnit.SECONDS));
        }
        acks.add(alice.publish("it.mp.basic", every).get(30, TimeUnit.SECONDS));
        assertThat(acks).extracting(ServerFrame.Ack::seq).containsExactly(1L, 2L, 3L, 4L);
        await().atMost(WAIT).until(() -> events.messages().size() == 4);
        assertThat(events.messages()).extracting(ServerFrame.Message::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events.messages().subList(0, 3)).extracting(m -> m.data().asJsonObject().getInt("n")).containsExactly(1, 2, 3);
        assertThat(events.messages().get(3).data()).isEqualTo(every);
        assertThat(events.messages()).extracting(ServerFrame.Message::from).containsOnly("alice");
        assertThat(alice.position("it.mp.basic")).contains(new Position(4, subscribed.epoch()));

        ServerFrame.Echo echo = alice.echo(Json.createArrayBuilder().add("at all").add(1).addNull().build()).get(30, TimeUnit.SECONDS);
        assertThat(echo.data().toString()).isEqualTo("[\"at all\",1,null]");
        assertThat(alice.ping().get(30, TimeUnit.SECONDS)).isInstanceOf(ServerFrame.Pong.class);
        ServerFrame.History history = alice.history("it.mp.basic", 0, 2).get(30, TimeUnit.SECONDS);
        assertThat(history.messages()).extracting(ServerFrame.HistoryEntry::seq).containsExactly(3L, 4L);
        assertThat(history.messages().get(1).data()).isEqualTo(every);
        assertThat(alice.publish("announce.news", Json.createValue("not mine to say"))).failsWithin(WAIT)
                .withThrowableThat().havingCause().isInstanceOf(SwitchboardException.class)
                .satisfies(e -> assertThat(((SwitchboardException) e).code()).isEqualTo("forbidden"));
        assertThat(states).extracting(StateChange::state).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        // the frame listener runs after the future failed, on the same thread
        await().atMost(WAIT).untilAsserted(() -> assertThat(frames).filteredOn(ServerFrame.Error.class::isInstance).hasSize(1));
    }

    @Test
    @Order(21)
    void msgpackAndTextClientsInOneChannelExchangeBytes() throws Exception {
        SwitchboardClient packed = open(builder().apiKey(apiKey("it-packed")).encoding(Encoding.MSGPACK));
        SwitchboardClient text = open(builder().login("bob", "demo"));
        List<String> textFrames = new CopyOnWriteArrayList<>();
        text.onFrame(f -> {
            if (f instanceof ServerFrame.Message m) {
                textFrames.add(m.data().toString());
            }
        });
        Recorder packedEvents = new Recorder();
        Recorder textEvents = new Recorder();
        packed.subscribe("it.mp.bytes", packedEvents).get(30, TimeUnit.SECONDS);
        text.subscribe("it.mp.bytes", textEvents).get(30, TimeUnit.SECONDS);

        byte[] fromPacked = {0, 1, 2, (byte) 0xff};
        byte[] fromText = {9, 8};
        packed.publish("it.mp.bytes", Bytes.of(fromPacked)).get(30, TimeUnit.SECONDS);
        text.publish("it.mp.bytes", Bytes.of(fromText)).get(30, TimeUnit.SECONDS);
        // a text client's own base64 without padding is bytes too
        text.publish("it.mp.bytes", Json.createObjectBuilder().add("$bin", "CQg").build()).get(30, TimeUnit.SECONDS);
        // an object that only looks like bytes stays an object for everyone
        JsonObject notBytes = Json.createObjectBuilder().add("$bin", "AQI=").add("name", "x").build();
        packed.publish("it.mp.bytes", notBytes).get(30, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> packedEvents.messages().size() == 4 && textEvents.messages().size() == 4);
        for (Recorder r : List.of(packedEvents, textEvents)) {
            List<ServerFrame.Message> m = r.messages();
            assertThat(Bytes.from(m.get(0).data())).hasValueSatisfying(b -> assertThat(b).containsExactly(fromPacked));
            assertThat(Bytes.from(m.get(1).data())).hasValueSatisfying(b -> assertThat(b).containsExactly(fromText));
            assertThat(Bytes.from(m.get(2).data())).hasValueSatisfying(b -> assertThat(b).containsExactly(fromText));
            assertThat(m.get(3).data()).isEqualTo(notBytes);
            assertThat(Bytes.from(m.get(3).data())).isEmpty();
        }
        // what a text client sees is the base64 object itself; the MessagePack client read a bin
        assertThat(textFrames.get(0)).isEqualTo("{\"$bin\":\"AAEC/w==\"}");
        assertThat(packedEvents.messages().get(2).data()).isEqualTo(Bytes.of(fromText));
        assertThat(packed.echo(Bytes.of(fromPacked)).get(30, TimeUnit.SECONDS).data()).isEqualTo(Bytes.of(fromPacked));
        ServerFrame.History history = text.history("it.mp.bytes", 0, 0).get(30, TimeUnit.SECONDS);
        assertThat(Bytes.from(history.messages().get(0).data())).hasValueSatisfying(b -> assertThat(b).containsExactly(fromPacked));
    }

    @Test
    @Order(22)
    void aSilentMsgpackConnectionIsReplacedAndTheChannelResumed() throws Exception {
        List<StateChange> states = new CopyOnWriteArrayList<>();
        SwitchboardClient alice = open(builder().login("alice", "demo").encoding(Encoding.MSGPACK).onState(states::add)
                .heartbeat(Duration.ofSeconds(1), Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(3)));
        Recorder events = new Recorder();
        alice.subscribe("it.mp.silent", events).get(30, TimeUnit.SECONDS);
        alice.publish("it.mp.silent", numbered(1)).get(30, TimeUnit.SECONDS);
        hub.freeze();
        try {
            await().atMost(WAIT).until(() -> states.stream().anyMatch(s -> s.state() == ConnectionState.WAITING));
        } finally {
            hub.thaw();
        }
        await().atMost(WAIT).until(() -> alice.state() == ConnectionState.CONNECTED
                && events.of(ServerFrame.Subscribed.class).size() >= 2);
        assertThat(events.of(ServerFrame.Subscribed.class).get(1).recovered()).isTrue();
        alice.publish("it.mp.silent", numbered(2)).get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> events.messages().size() == 2);
        assertThat(events.messages()).extracting(ServerFrame.Message::seq).containsExactly(1L, 2L);
    }

    @Test
    @Order(10)
    void aRolesChangeClosesWith4001AndTheClientReconnectsAndResumes() throws Exception {
        HttpResponse<String> created = admin.post("api/admin/users",
                "{\"username\":\"dave\",\"password\":\"dave-password\",\"roles\":[\"user\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        List<StateChange> states = new CopyOnWriteArrayList<>();
        SwitchboardClient dave = open(builder().login("dave", "dave-password").onState(states::add));
        Recorder events = new Recorder();
        dave.subscribe("it.roles", events).get(30, TimeUnit.SECONDS);
        dave.publish("it.roles", numbered(1)).get(30, TimeUnit.SECONDS);

        HttpResponse<String> changed = admin.put("api/admin/users/dave/roles", "{\"roles\":[\"user\",\"moderator\"]}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        await().atMost(WAIT).until(() -> dave.state() == ConnectionState.CONNECTED
                && events.of(ServerFrame.Subscribed.class).size() == 2);
        StateChange closed = states.stream().filter(s -> s.state() == ConnectionState.WAITING).findFirst().orElseThrow();
        assertThat(closed.closeCode()).isEqualTo(4001);
        assertThat(closed.reconnect()).isTrue();
        assertThat(states).extracting(StateChange::state).startsWith(ConnectionState.CONNECTING, ConnectionState.CONNECTED,
                ConnectionState.WAITING).endsWith(ConnectionState.CONNECTED);
        assertThat(events.of(ServerFrame.Subscribed.class).get(1).recovered()).isTrue();
        dave.publish("it.roles", numbered(2)).get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> events.messages().size() == 2);
        assertThat(events.messages()).extracting(ServerFrame.Message::seq).containsExactly(1L, 2L);
    }

    /**
     * A handler stuck with more events waiting than {@code maxQueuedEvents}: the client gives the
     * connection up and resumes the channel, so once the handler goes on it gets every message once.
     */
    @Test
    @Order(11)
    void handlersFarBehindGetEveryMessageOnceAfterTheClientResumes() throws Exception {
        int total = 30;
        CountDownLatch release = new CountDownLatch(1);
        Recorder events = new Recorder();
        List<StateChange> states = new CopyOnWriteArrayList<>();
        SwitchboardClient alice = open(builder().login("alice", "demo").maxQueuedEvents(5).onState(states::add));
        alice.subscribe("it.behind", event -> {
            events.onEvent(event);
            if (event instanceof ServerFrame.Message) {
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).get(30, TimeUnit.SECONDS);
        SwitchboardClient bob = open(builder().login("bob", "demo"));
        try {
            for (int n = 1; n <= total; n++) {
                bob.publish("it.behind", numbered(n)).get(30, TimeUnit.SECONDS);
            }
            // the state change of a connection given up is dropped, not queued: the handlers' queue is full
            await().atMost(WAIT).until(() -> alice.droppedEvents() > 0);
            assertThat(events.messages()).hasSize(1);
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> events.messages().size() >= total);
        assertThat(events.messages()).extracting(ServerFrame.Message::seq).as("every seq once, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(events.of(RecoveryLost.class)).isEmpty();
        assertThat(events.of(ServerFrame.Subscribed.class)).as("subscribed, then resumed").hasSizeGreaterThanOrEqualTo(2);
        assertThat(events.of(ServerFrame.Subscribed.class).stream().skip(1).map(ServerFrame.Subscribed::recovered))
                .containsOnly(true);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(states).extracting(StateChange::state).endsWith(ConnectionState.CONNECTED));
    }

    /** The live threads of clients: their own and the WebSocket container's. */
    private static List<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("switchboard-client-") || n.toLowerCase().contains("grizzly")
                        || n.toLowerCase().contains("tyrus"))
                .toList();
    }

    /**
     * A numbered stream published through a server restart: every acked message reaches the
     * subscriber once and in order, and every publish is acked in the end.
     */
    @Test
    @Order(100)
    void aServerRestartMidStreamLosesAndDuplicatesNothing() throws Exception {
        int total = 200;
        Recorder received = new Recorder();
        List<StateChange> subscriberStates = new CopyOnWriteArrayList<>();
        SwitchboardClient subscriber = open(builder().login("bob", "demo").onState(subscriberStates::add));
        subscriber.subscribe("it.stream", received).get(30, TimeUnit.SECONDS);
        Recorder packedReceived = new Recorder();
        List<StateChange> packedSubscriberStates = new CopyOnWriteArrayList<>();
        SwitchboardClient packedSubscriber = open(builder().login("alice", "demo").encoding(Encoding.MSGPACK)
                .onState(packedSubscriberStates::add));
        packedSubscriber.subscribe("it.stream", packedReceived).get(30, TimeUnit.SECONDS);
        // a small circuit breaker: the server's downtime opens it, and a half-open trial reconnects
        Recorder breakerReceived = new Recorder();
        List<StateChange> breakerStates = new CopyOnWriteArrayList<>();
        Duration coolDown = Duration.ofSeconds(2);
        SwitchboardClient breakerSubscriber = open(SwitchboardClient.builder(hub.base()).login("mod", "demo")
                .backoff(Duration.ofMillis(100), Duration.ofMillis(500)).circuitBreaker(3, coolDown)
                .onState(breakerStates::add));
        breakerSubscriber.subscribe("it.stream", breakerReceived).get(30, TimeUnit.SECONDS);
        List<StateChange> publisherStates = new CopyOnWriteArrayList<>();
        SwitchboardClient textPublisher = open(builder().apiKey(apiKey("it-streamer")).onState(publisherStates::add));
        List<StateChange> packedPublisherStates = new CopyOnWriteArrayList<>();
        SwitchboardClient packedPublisher = open(builder().apiKey(apiKey("it-packed-streamer")).encoding(Encoding.MSGPACK)
                .onState(packedPublisherStates::add));

        List<CompletableFuture<ServerFrame.Ack>> acks = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger(1);
        AtomicBoolean stopping = new AtomicBoolean();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try {
            // one publish every 20 ms, whatever the connection's state: those made while the
            // server is down wait in the client and go out after the reconnect; odd ones in
            // JSON, even ones in MessagePack. The second half waits for the stop to begin, so
            // the restart comes mid-stream however long a loaded machine takes to stop a server.
            pace.scheduleAtFixedRate(() -> {
                if (next.get() > total / 2 && !stopping.get()) {
                    return;
                }
                int n = next.getAndIncrement();
                if (n <= total) {
                    acks.add((n % 2 == 1 ? textPublisher : packedPublisher).publish("it.stream", numbered(n)));
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            await().atMost(WAIT).until(() -> received.messages().size() >= 40);
            stopping.set(true);
            hub.stop();
            hub.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> acks.size() == total);
        } finally {
            pace.shutdownNow();
        }

        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        List<Long> ackedSeqs = acks.stream().map(CompletableFuture::join).map(ServerFrame.Ack::seq).toList();
        assertThat(ackedSeqs).as("one seq per message").doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(60)).until(() -> received.messages().size() >= total
                && packedReceived.messages().size() >= total && breakerReceived.messages().size() >= total);
        assertThat(packedReceived.messages()).as("the MessagePack subscriber got the same stream")
                .isEqualTo(received.messages());
        assertThat(packedReceived.of(RecoveryLost.class)).isEmpty();
        assertThat(packedReceived.of(ServerFrame.Subscribed.class).stream().skip(1).map(ServerFrame.Subscribed::recovered)
                .collect(Collectors.toList())).isNotEmpty().containsOnly(true);

        List<ServerFrame.Message> messages = received.messages();
        assertThat(messages).extracting(ServerFrame.Message::seq).as("every seq once, in order, no gap")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        // each publish was stored once, as the seq its ack carries
        Map<Long, Integer> numberBySeq = messages.stream().collect(Collectors.toMap(ServerFrame.Message::seq,
                m -> m.data().asJsonObject().getInt("n")));
        for (int n = 1; n <= total; n++) {
            assertThat(numberBySeq.get(ackedSeqs.get(n - 1))).as("the message acked for publish %d", n).isEqualTo(n);
        }
        assertThat(received.of(RecoveryLost.class)).isEmpty();
        assertThat(received.of(ServerFrame.Subscribed.class)).as("subscribed, then resumed after the restart")
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(s -> assertThat(s.epoch()).isEqualTo(received.of(ServerFrame.Subscribed.class).get(0).epoch()));
        assertThat(received.of(ServerFrame.Subscribed.class).stream().skip(1).map(ServerFrame.Subscribed::recovered)
                .collect(Collectors.toList())).containsOnly(true);
        for (List<StateChange> states : List.of(subscriberStates, publisherStates, packedSubscriberStates,
                packedPublisherStates)) {
            assertThat(states).extracting(StateChange::state).contains(ConnectionState.WAITING);
            assertThat(states.get(states.size() - 1).state()).isEqualTo(ConnectionState.CONNECTED);
        }
        assertThat(subscriber.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(packedSubscriber.state()).isEqualTo(ConnectionState.CONNECTED);

        assertThat(breakerReceived.messages()).as("the breaker's client got the same stream").isEqualTo(messages);
        assertThat(breakerReceived.of(ServerFrame.Subscribed.class).stream().skip(1).map(ServerFrame.Subscribed::recovered)
                .collect(Collectors.toList())).isNotEmpty().containsOnly(true);
        assertThat(breakerSubscriber.state()).isEqualTo(ConnectionState.CONNECTED);
        List<ConnectionState> breakerSequence = breakerStates.stream().map(StateChange::state).toList();
        int opened = breakerSequence.indexOf(ConnectionState.SUSPENDED);
        assertThat(opened).as("the breaker opened: %s", breakerStates).isPositive();
        assertThat(breakerSequence.subList(0, opened)).as("three failed attempts before it opened: %s", breakerStates)
                .filteredOn(s -> s == ConnectionState.CONNECTING).hasSizeGreaterThanOrEqualTo(4);
        for (int i = opened + 1; i < breakerSequence.size(); i++) {
            if (breakerSequence.get(i) == ConnectionState.CONNECTING) {
                assertThat(breakerSequence.get(i - 1)).as("while open, only a trial after a cool-down: %s", breakerStates)
                        .isEqualTo(ConnectionState.SUSPENDED);
            }
        }
        assertThat(breakerStates).filteredOn(s -> s.state() == ConnectionState.SUSPENDED).allSatisfy(s -> {
            assertThat(s.reconnect()).isTrue();
            assertThat(s.delay()).isPositive().isLessThanOrEqualTo(coolDown);
        });
        assertThat(breakerSequence.subList(breakerSequence.size() - 3, breakerSequence.size()))
                .as("the half-open trial connected: %s", breakerStates)
                .containsExactly(ConnectionState.SUSPENDED, ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(textPublisher.pendingCount()).isZero();
        assertThat(packedPublisher.pendingCount()).isZero();
    }
}
