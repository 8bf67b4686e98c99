package io.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channel.LocalChannels;
import io.switchboard.channel.LocalFanOut;
import io.switchboard.channel.Moderation;
import io.switchboard.channel.Publishes;
import io.switchboard.channel.Subscriptions;
import io.switchboard.cluster.ClusterPresence;
import io.switchboard.cluster.LocalBus;
import io.switchboard.config.ChannelPolicy;
import io.switchboard.config.ChannelSettings;
import io.switchboard.config.PrefixTable;
import io.switchboard.config.Setting;
import io.switchboard.config.Settings;
import io.switchboard.connection.TestConnections;
import io.switchboard.connection.TestConnections.TestConnection;
import io.switchboard.history.ChannelRows;
import io.switchboard.history.ChannelState;
import io.switchboard.history.GroupCommitWriter;
import io.switchboard.history.HistoryMessage;
import io.switchboard.history.HistoryPages;
import io.switchboard.history.InMemoryMessageStore;
import io.switchboard.history.Recovery;
import io.switchboard.history.WriterPool;
import io.switchboard.metrics.TestStats;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.security.ChannelRules;
import io.switchboard.security.SecuritySettings;
import io.switchboard.testing.TestBeans;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ChannelRequestsTest {

    // Json.createValue/createReader look the provider up through ServiceLoader on every call.
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());

    private static final String POLICIES = "*:durable=true,max-messages=1000,max-age=24h,presence=true";

    private HubRequests requests;
    private Subscriptions subscriptions;
    private LocalChannels channels;
    private HistoryPages history;
    private Moderation moderation;
    private InMemoryMessageStore store;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        // Stored on the publishing thread, so each publish is acked before it returns.
        wire(channelSettings(POLICIES), settings(1000), Runnable::run);
    }

    /** The channel path from request to frames, over a store in memory and the single-instance bus. */
    private void wire(ChannelSettings channelSettings, Settings settings, Executor writerThreads) {
        store = new InMemoryMessageStore();
        requests = new HubRequests();
        subscriptions = new Subscriptions();
        channels = new LocalChannels();
        history = new HistoryPages();
        moderation = new Moderation();
        TestBeans.wire(store, channelSettings, settings, securitySettings(), writers(writerThreads),
                new ChannelRows(), new Recovery(), history, new GroupCommitWriter(), new LocalBus(), new LocalFanOut(),
                TestConnections.sends(), channels, subscriptions, new Publishes(), moderation, requests, new ClusterPresence(), TestStats.local());
    }

    private static SecuritySettings securitySettings() {
        return new SecuritySettings() {
            @Override
            public ChannelRules channelRules() {
                return ChannelRules.parse(Setting.CHANNEL_RULES.defaultValue());
            }
        };
    }

    private static WriterPool writers(Executor threads) {
        return new WriterPool() {
            @Override
            public void execute(Runnable write) {
                threads.execute(write);
            }
        };
    }

    private static ChannelSettings channelSettings(String policies) {
        PrefixTable<ChannelPolicy> table = ChannelPolicy.table(policies);
        return new ChannelSettings() {
            @Override
            public ChannelPolicy policy(String channel) {
                return table.lookup(channel);
            }

            @Override
            public Duration dedupWindow() {
                return Duration.ofMinutes(10);
            }

            @Override
            public int recoveryMaxMessages() {
                return 5;
            }

            @Override
            public int historyMaxLimit() {
                return 3;
            }

            @Override
            public int publishMaxPending() {
                return 100_000;
            }

            @Override
            public int publishMaxBatch() {
                return 50;
            }

            @Override
            public int publishBatchesPerTurn() {
                return 2;
            }
        };
    }

    private static Settings settings(int maxSubscriptions) {
        return new Settings() {
            @Override
            public int maxSubscriptions() {
                return maxSubscriptions;
            }
        };
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static JsonObject json(String line) {
        try (JsonReader reader = READERS.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }

    private static List<JsonObject> received(TestConnection c) {
        return c.sink().lines().stream().map(ChannelRequestsTest::json).collect(Collectors.toList());
    }

    private static List<JsonObject> ofType(TestConnection c, String type) {
        return received(c).stream().filter(o -> o.getString("type").equals(type)).collect(Collectors.toList());
    }

    private static List<Long> messageSeqs(TestConnection c, String channel) {
        return ofType(c, "message").stream()
                .filter(o -> o.getString("channel").equals(channel))
                .map(o -> o.getJsonNumber("seq").longValue())
                .collect(Collectors.toList());
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
    }

    private void publish(TestConnection publisher, String channel, int data, String id) {
        requests.publish(publisher.connection(), channel, JSON.createValue(data), id);
    }

    @Test
    void subscribeRepliesSubscribedWithSeqZeroOnANewChannel() {
        TestConnection a = TestConnections.open("a");
        requests.subscribe(a.connection(), "lobby", null, "s1");
        JsonObject subscribed = json(a.sink().lines().get(0));
        assertThat(a.sink().lines()).hasSize(1);
        assertThat(subscribed.getString("type")).isEqualTo("subscribed");
        assertThat(subscribed.getJsonNumber("seq").longValue()).isZero();
        assertThat(subscribed.getString("epoch")).hasSize(16);
        assertThat(subscribed.getString("id")).isEqualTo("s1");
        assertThat(subscribed.containsKey("recovered")).isFalse();
        assertThat(a.connection().channels()).containsExactly("lobby");
        assertThat(channels.count()).isEqualTo(1);
    }

    @Test
    void subscribeRepliesTheLastSeqAndTheNextMessageFollowsIt() {
        TestConnection a = TestConnections.open("a");
        TestConnection p = TestConnections.open("p");
        requests.subscribe(a.connection(), "lobby", null, null);
        for (int i = 1; i <= 3; i++) {
            publish(p, "lobby", i, null);
        }
        TestConnection b = TestConnections.open("b");
        requests.subscribe(b.connection(), "lobby", null, "s2");
        assertThat(b.sink().lines()).hasSize(1);
        assertThat(json(b.sink().lines().get(0)).getJsonNumber("seq").longValue()).isEqualTo(3);

        publish(p, "lobby", 4, null);
        assertThat(messageSeqs(b, "lobby")).containsExactly(4L);
        assertThat(messageSeqs(a, "lobby")).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void subscribingTwiceAnswersAgainAndDeliversOnce() {
        TestConnection a = TestConnections.open("a");
        requests.subscribe(a.connection(), "c", null, "s1");
        requests.subscribe(a.connection(), "c", null, "s2");
        assertThat(ofType(a, "subscribed")).extracting(o -> o.getString("id")).containsExactly("s1", "s2");
        publish(a, "c", 1, "m1");
        assertThat(messageSeqs(a, "c")).containsExactly(1L);
    }

    @Test
    void publishNumbersConsecutivelyAndEverySubscriberGetsEveryMessageInOrder() {
        List<TestConnection> subscribers = List.of(TestConnections.open("s1"), TestConnections.open("s2"),
                TestConnections.open("s3"));
        subscribers.forEach(s -> requests.subscribe(s.connection(), "orders.eu-1", null, null));
        TestConnection publisher = TestConnections.open("4f1c2a9be0d37a61");
        int n = 200;
        for (int i = 1; i <= n; i++) {
            publish(publisher, "orders.eu-1", i, "m" + i);
        }
        for (TestConnection s : subscribers) {
            List<JsonObject> messages = ofType(s, "message");
            assertThat(messages).hasSize(n);
            for (int i = 0; i < n; i++) {
                JsonObject m = messages.get(i);
                assertThat(m.getString("channel")).isEqualTo("orders.eu-1");
                assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(i + 1);
                assertThat(m.get("data")).isEqualTo(JSON.createValue(i + 1));
                assertThat(m.getString("from")).isEqualTo("4f1c2a9be0d37a61");
                assertThat(m.getJsonNumber("ts").longValue()).isPositive();
            }
        }
        List<JsonObject> acks = received(publisher);
        assertThat(acks).hasSize(n).allSatisfy(o -> assertThat(o.getString("type")).isEqualTo("ack"));
        for (int i = 0; i < n; i++) {
            assertThat(acks.get(i).getString("id")).isEqualTo("m" + (i + 1));
            assertThat(acks.get(i).getJsonNumber("seq").longValue()).isEqualTo(i + 1);
        }
    }

    @Test
    void messageIsEncodedWithTheDocumentedFields() {
        TestConnection s = TestConnections.open("s");
        TestConnection p = TestConnections.open("4f1c2a9be0d37a61");
        requests.subscribe(s.connection(), "orders.eu-1", null, null);
        s.sink().clear();
        long before = System.currentTimeMillis();
        requests.publish(p.connection(), "orders.eu-1", JSON.createObjectBuilder().add("order", 42).build(), "m-0001");
        long after = System.currentTimeMillis();
        String line = s.sink().lines().get(0);
        assertThat(line).startsWith("{\"type\":\"message\",\"channel\":\"orders.eu-1\",\"seq\":1,\"data\":{\"order\":42},"
                + "\"from\":\"4f1c2a9be0d37a61\",\"ts\":");
        assertThat(json(line).getJsonNumber("ts").longValue()).isBetween(before, after);
        assertThat(p.sink().lines()).containsExactly("{\"type\":\"ack\",\"id\":\"m-0001\",\"seq\":1}");
    }

    @Test
    void subscribedPublisherGetsItsOwnMessageBeforeTheAck() {
        TestConnection p = TestConnections.open("p");
        requests.subscribe(p.connection(), "c", null, null);
        publish(p, "c", 7, "m1");
        publish(p, "c", 8, null);
        assertThat(received(p)).extracting(o -> o.getString("type"))
                .containsExactly("subscribed", "message", "ack", "message", "ack");
        assertThat(ofType(p, "ack")).extracting(o -> o.getJsonNumber("seq").longValue()).containsExactly(1L, 2L);
        assertThat(ofType(p, "ack").get(1).containsKey("id")).isFalse();
    }

    @Test
    void channelsAreNumberedIndependently() {
        TestConnection s = TestConnections.open("s");
        TestConnection p = TestConnections.open("p");
        requests.subscribe(s.connection(), "a", null, null);
        requests.subscribe(s.connection(), "b", null, null);
        publish(p, "a", 1, null);
        publish(p, "b", 1, null);
        publish(p, "a", 2, null);
        assertThat(messageSeqs(s, "a")).containsExactly(1L, 2L);
        assertThat(messageSeqs(s, "b")).containsExactly(1L);
        assertThat(channels.count()).isEqualTo(2);
    }

    @Test
    @Timeout(120)
    void concurrentPublishersGiveEverySubscriberTheSameGapFreeOrder() throws Exception {
        int publishers = 4;
        int perPublisher = 1_000;
        int total = publishers * perPublisher;
        List<TestConnection> subscribers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestConnection s = TestConnections.open("sub" + i, 64L << 20, 65536, true);
            requests.subscribe(s.connection(), "hot", null, null);
            subscribers.add(s);
        }
        List<TestConnection> pubs = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            pubs.add(TestConnections.open("pub" + i));
        }
        pool = Executors.newFixedThreadPool(publishers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (TestConnection pub : pubs) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perPublisher; i++) {
                    publish(pub, "hot", i, pub.connection().id() + "-" + i);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }

        // One writer fans out for every publisher; its sends may still be finishing on other threads.
        for (TestConnection s : subscribers) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ofType(s, "message").size() >= total);
        }
        for (TestConnection pub : pubs) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ofType(pub, "ack").size() >= perPublisher);
        }
        List<String> reference = null;
        for (TestConnection s : subscribers) {
            List<JsonObject> messages = ofType(s, "message");
            assertThat(messages.stream().map(o -> o.getJsonNumber("seq").longValue()).collect(Collectors.toList()))
                    .as("seqs seen by %s", s.connection().id()).isEqualTo(oneTo(total));
            List<String> order = messages.stream()
                    .map(o -> o.getString("from") + ":" + o.get("data"))
                    .collect(Collectors.toList());
            if (reference == null) {
                reference = order;
                // Each publisher's messages appear in the order it published them.
                for (TestConnection pub : pubs) {
                    String from = pub.connection().id();
                    assertThat(order.stream().filter(x -> x.startsWith(from + ":")).collect(Collectors.toList()))
                            .isEqualTo(LongStream.range(0, perPublisher).mapToObj(i -> from + ":" + i)
                                    .collect(Collectors.toList()));
                }
            } else {
                assertThat(order).isEqualTo(reference);
            }
        }

        Set<Long> ackSeqs = new HashSet<>();
        for (TestConnection pub : pubs) {
            List<JsonObject> acks = ofType(pub, "ack");
            assertThat(acks).hasSize(perPublisher);
            List<Long> seqs = acks.stream().map(o -> o.getJsonNumber("seq").longValue()).collect(Collectors.toList());
            assertThat(seqs).isSorted();
            for (int i = 0; i < perPublisher; i++) {
                JsonObject ack = acks.get(i);
                assertThat(ack.getString("id")).isEqualTo(pub.connection().id() + "-" + i);
                // The ack carries the number of that very message.
                String expected = pub.connection().id() + ":" + i;
                assertThat(reference.get((int) ack.getJsonNumber("seq").longValue() - 1)).isEqualTo(expected);
            }
            ackSeqs.addAll(seqs);
        }
        assertThat(ackSeqs).hasSize(total).containsAll(oneTo(total));
    }

    @Test
    void aChannelWhosePublishesNeverPauseLetsAnotherChannelsWriterInAfterItsTurn() {
        // One writer thread whose FIFO queue the test runs itself, one task at a time.
        ArrayDeque<Runnable> writer = new ArrayDeque<>();
        wire(channelSettings(POLICIES), settings(1000), writer::add);
        TestConnection s = TestConnections.open("s", 64L << 20, 65536, true);
        requests.subscribe(s.connection(), "busy", null, null);
        TestConnection flooder = TestConnections.open("flooder");
        TestConnection other = TestConnections.open("other");
        for (int i = 1; i <= 1000; i++) {
            publish(flooder, "busy", i, "b" + i);
        }
        publish(other, "quiet", 1, "q1");
        assertThat(writer).as("one writer task per channel").hasSize(2);

        int tasks = 0;
        while (ofType(other, "ack").isEmpty()) {
            assertThat(writer).as("a writer task is waiting").isNotEmpty();
            writer.poll().run();
            tasks++;
        }
        // A turn is two batches of 50.
        assertThat(tasks).isEqualTo(2);
        assertThat(ofType(flooder, "ack")).hasSize(100);

        while (!writer.isEmpty()) {
            assertThat(writer).as("the busy channel has one writer task at a time").hasSize(1);
            writer.poll().run();
            tasks++;
        }
        // 900 left: nine more turns of two batches.
        assertThat(tasks).isEqualTo(2 + 9);
        assertThat(ofType(flooder, "ack")).extracting(o -> o.getJsonNumber("seq").longValue()).isEqualTo(oneTo(1000));
        assertThat(messageSeqs(s, "busy")).isEqualTo(oneTo(1000));
        assertThat(ofType(s, "message")).extracting(o -> o.getInt("data"))
                .isEqualTo(IntStream.rangeClosed(1, 1000).boxed().collect(Collectors.toList()));
        assertThat(ofType(other, "ack").get(0).getJsonNumber("seq").longValue()).isEqualTo(1);
    }

    @Test
    void unsubscribeRepliesAndStopsDelivery() {
        TestConnection a = TestConnections.open("a");
        TestConnection b = TestConnections.open("b");
        TestConnection p = TestConnections.open("p");
        requests.subscribe(a.connection(), "c", null, null);
        requests.subscribe(b.connection(), "c", null, null);
        publish(p, "c", 1, null);
        requests.unsubscribe(a.connection(), "c", "u1");
        publish(p, "c", 2, null);

        assertThat(a.sink().lines()).last().isEqualTo("{\"type\":\"unsubscribed\",\"channel\":\"c\",\"id\":\"u1\"}");
        assertThat(messageSeqs(a, "c")).containsExactly(1L);
        assertThat(messageSeqs(b, "c")).containsExactly(1L, 2L);
        assertThat(a.connection().channels()).isEmpty();
    }

    @Test
    void unsubscribingFromAChannelOneIsNotInStillAnswersUnsubscribed() {
        TestConnection a = TestConnections.open("a");
        TestConnection b = TestConnections.open("b");
        requests.unsubscribe(a.connection(), "never", "u1");
        requests.subscribe(b.connection(), "other", null, null);
        requests.unsubscribe(a.connection(), "other", null);
        assertThat(a.sink().lines()).containsExactly(
                "{\"type\":\"unsubscribed\",\"channel\":\"never\",\"id\":\"u1\"}",
                "{\"type\":\"unsubscribed\",\"channel\":\"other\"}");
        assertThat(channels.count()).isEqualTo(1);
    }

    @Test
    void leaveAllStopsDeliveryOnEveryChannel() {
        TestConnection a = TestConnections.open("a");
        TestConnection b = TestConnections.open("b");
        TestConnection p = TestConnections.open("p");
        for (String ch : new String[] {"x", "y", "z"}) {
            requests.subscribe(a.connection(), ch, null, null);
            requests.subscribe(b.connection(), ch, null, null);
        }
        subscriptions.leaveAll(a.connection());
        a.sink().clear();
        for (String ch : new String[] {"x", "y", "z"}) {
            publish(p, ch, 1, null);
        }
        assertThat(a.sink().lines()).isEmpty();
        assertThat(a.connection().channels()).isEmpty();
        assertThat(ofType(b, "message")).hasSize(3);
        assertThat(channels.count()).isEqualTo(3);

        subscriptions.leaveAll(b.connection());
        assertThat(channels.count()).isZero();
    }

    @Test
    void channelWithNoSubscribersIsForgottenHereButItsNumberingGoesOn() {
        TestConnection a = TestConnections.open("a");
        TestConnection p = TestConnections.open("p");
        requests.subscribe(a.connection(), "c", null, null);
        publish(p, "c", 1, null);
        publish(p, "c", 2, null);
        String epoch = json(a.sink().lines().get(0)).getString("epoch");
        requests.unsubscribe(a.connection(), "c", null);
        assertThat(channels.count()).isZero();

        a.sink().clear();
        requests.subscribe(a.connection(), "c", null, null);
        assertThat(json(a.sink().lines().get(0)).getJsonNumber("seq").longValue()).isEqualTo(2);
        assertThat(json(a.sink().lines().get(0)).getString("epoch")).isEqualTo(epoch);
        publish(p, "c", 3, null);
        assertThat(messageSeqs(a, "c")).containsExactly(3L);
    }

    @Test
    void publishingToAChannelWithoutSubscribersAcksAndLeavesNothingBehind() {
        TestConnection p = TestConnections.open("p");
        publish(p, "empty", 1, "m1");
        publish(p, "empty", 2, "m2");
        assertThat(p.sink().lines()).containsExactly(
                "{\"type\":\"ack\",\"id\":\"m1\",\"seq\":1}",
                "{\"type\":\"ack\",\"id\":\"m2\",\"seq\":2}");
        assertThat(channels.count()).isZero();
    }

    @Test
    void leaveAllOfTheLastSubscriberForgetsTheChannel() {
        TestConnection a = TestConnections.open("a");
        requests.subscribe(a.connection(), "c1", null, null);
        requests.subscribe(a.connection(), "c2", null, null);
        assertThat(channels.count()).isEqualTo(2);
        subscriptions.leaveAll(a.connection());
        assertThat(channels.count()).isZero();
    }

    @Test
    void slowSubscriberIsClosedWithoutHoldingBackTheOthers() {
        TestConnection slow = TestConnections.open("slow", 2_000, 65536, false);
        TestConnection fast = TestConnections.open("fast");
        TestConnection p = TestConnections.open("p");
        requests.subscribe(slow.connection(), "c", null, null);
        requests.subscribe(fast.connection(), "c", null, null);
        JsonValue payload = JSON.createValue("x".repeat(100));
        for (int i = 0; i < 100; i++) {
            requests.publish(p.connection(), "c", payload, null);
        }
        // Overflow closes the slow connection (the close frame waits for its stuck send).
        assertThat(slow.connection().isClosing()).isTrue();
        int seenBySlow = messageSeqs(slow, "c").size();
        assertThat(seenBySlow).isLessThan(100);
        assertThat(messageSeqs(fast, "c")).isEqualTo(oneTo(100));
        assertThat(ofType(p, "ack")).hasSize(100);
        assertThat(fast.sink().closedWith()).isNull();
        assertThat(fast.connection().isClosing()).isFalse();
    }

    @Test
    void subscribingBeyondTheLimitIsRefusedWithLimitExceeded() {
        wire(channelSettings(POLICIES), settings(2), Runnable::run);
        TestConnection a = TestConnections.open("a");
        requests.subscribe(a.connection(), "one", null, null);
        requests.subscribe(a.connection(), "two", null, null);
        a.sink().clear();
        requests.subscribe(a.connection(), "three", null, "s3");
        JsonObject error = json(a.sink().lines().get(0));
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getString("code")).isEqualTo("limit_exceeded");
        assertThat(error.getString("id")).isEqualTo("s3");
        assertThat(a.connection().channels()).containsExactlyInAnyOrder("one", "two");
        assertThat(channels.count()).isEqualTo(2);

        // Re-subscribing to a channel one is in is not a new subscription.
        requests.subscribe(a.connection(), "two", null, "again");
        assertThat(json(a.sink().lines().get(1)).getString("type")).isEqualTo("subscribed");

        requests.unsubscribe(a.connection(), "one", null);
        requests.subscribe(a.connection(), "three", null, null);
        assertThat(a.connection().channels()).containsExactlyInAnyOrder("two", "three");
    }

    private static ClientFrame.Since since(long seq, String epoch) {
        return new ClientFrame.Since(seq, epoch);
    }

    private static String epochOf(TestConnection c) {
        return ofType(c, "subscribed").get(0).getString("epoch");
    }

    @Test
    void resubscribeSinceTheLastSeqSeenGetsTheMissedMessagesWithADeletedOneInItsPlace() {
        TestConnection a = TestConnections.open("a");
        TestConnection p = TestConnections.open("p");
        requests.subscribe(a.connection(), "c", null, null);
        String epoch = epochOf(a);
        publish(p, "c", 1, null);
        subscriptions.leaveAll(a.connection());
        publish(p, "c", 2, null);
        publish(p, "c", 3, null);
        publish(p, "c", 4, null);
        assertThat(moderation.delete("c", 3)).isTrue();

        TestConnection back = TestConnections.open("a");
        requests.subscribe(back.connection(), "c", since(1, epoch), "s");
        publish(p, "c", 5, null);

        assertThat(received(back)).extracting(o -> o.getString("type") + ":" + o.getJsonNumber("seq").longValue())
                .containsExactly("subscribed:4", "message:2", "deleted:3", "message:4", "message:5");
        assertThat(ofType(back, "subscribed").get(0).getBoolean("recovered")).isTrue();
    }

    @Test
    void resubscribeThatCannotBeRecoveredSaysSoAndGoesOnLive() {
        TestConnection p = TestConnections.open("p");
        for (int i = 1; i <= 8; i++) {
            publish(p, "c", i, null);
        }
        TestConnection probe = TestConnections.open("probe");
        requests.subscribe(probe.connection(), "c", null, null);
        String epoch = epochOf(probe);

        TestConnection otherEpoch = TestConnections.open("x");
        requests.subscribe(otherEpoch.connection(), "c", since(7, "not-" + epoch), null);
        TestConnection tooOld = TestConnections.open("y");
        requests.subscribe(tooOld.connection(), "c", since(2, epoch), null); // 6 missed, recovery max is 5
        TestConnection fromTheFuture = TestConnections.open("z");
        requests.subscribe(fromTheFuture.connection(), "c", since(9, epoch), null);
        TestConnection justInTime = TestConnections.open("w");
        requests.subscribe(justInTime.connection(), "c", since(3, epoch), null); // 5 missed
        publish(p, "c", 9, null);

        for (TestConnection c : List.of(otherEpoch, tooOld, fromTheFuture)) {
            JsonObject subscribed = ofType(c, "subscribed").get(0);
            assertThat(subscribed.getBoolean("recovered")).isFalse();
            assertThat(subscribed.getJsonNumber("seq").longValue()).isEqualTo(8);
            assertThat(subscribed.getString("epoch")).isEqualTo(epoch);
            assertThat(messageSeqs(c, "c")).containsExactly(9L);
        }
        assertThat(ofType(justInTime, "subscribed").get(0).getBoolean("recovered")).isTrue();
        assertThat(messageSeqs(justInTime, "c")).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void aResentPublishIsAckedWithTheFirstSeqAndNotDeliveredAgain() {
        TestConnection s = TestConnections.open("s");
        TestConnection p = TestConnections.open("p");
        requests.subscribe(s.connection(), "c", null, null);
        publish(p, "c", 1, "m1");
        publish(p, "c", 1, "m1");
        publish(p, "c", 2, "m2");
        assertThat(p.sink().lines()).containsExactly(
                "{\"type\":\"ack\",\"id\":\"m1\",\"seq\":1}",
                "{\"type\":\"ack\",\"id\":\"m1\",\"seq\":1,\"duplicate\":true}",
                "{\"type\":\"ack\",\"id\":\"m2\",\"seq\":2}");
        assertThat(messageSeqs(s, "c")).containsExactly(1L, 2L);
    }

    @Test
    void aPublishTheDatabaseCannotStoreGetsUnavailableAndNothingIsDelivered() {
        TestConnection s = TestConnections.open("s");
        TestConnection p = TestConnections.open("p");
        requests.subscribe(s.connection(), "c", null, null);
        store.failing = true;
        publish(p, "c", 1, "m1");
        store.failing = false;
        publish(p, "c", 1, "m1");
        assertThat(received(p)).extracting(o -> o.getString("type") + ":" + o.getString("code", "")).containsExactly(
                "error:unavailable", "ack:");
        assertThat(messageSeqs(s, "c")).containsExactly(1L);
    }

    @Test
    void presenceJoinsOnAUsersFirstConnectionAndLeavesOnTheirLast() {
        TestConnection bob = TestConnections.open("bob");
        requests.subscribe(bob.connection(), "c", null, null);
        TestConnection tab1 = TestConnections.open("alice");
        TestConnection tab2 = TestConnections.open("alice");
        requests.subscribe(tab1.connection(), "c", null, null);
        requests.subscribe(tab2.connection(), "c", null, null);
        assertThat(ofType(tab2, "subscribed").get(0).getJsonArray("presence").toString())
                .isEqualTo("[{\"user\":\"alice\"},{\"user\":\"bob\"}]");
        assertThat(subscriptions.presence("c")).containsExactly("alice", "bob");
        subscriptions.leaveAll(tab1.connection());
        requests.unsubscribe(tab2.connection(), "c", null);

        assertThat(ofType(bob, "presence")).extracting(JsonObject::toString).containsExactly(
                "{\"type\":\"presence\",\"channel\":\"c\",\"join\":{\"user\":\"alice\"}}",
                "{\"type\":\"presence\",\"channel\":\"c\",\"leave\":{\"user\":\"alice\"}}");
        assertThat(ofType(tab1, "presence")).isEmpty();
        assertThat(subscriptions.presence("c")).containsExactly("bob");
    }

    @Test
    void ephemeralChannelsNumberButKeepNoHistoryAndPresenceCanBeOff() {
        wire(channelSettings("tmp.*:durable=false,presence=false"), settings(1000), Runnable::run);
        TestConnection s = TestConnections.open("s");
        TestConnection p = TestConnections.open("p");
        requests.subscribe(s.connection(), "tmp.x", null, null);
        publish(p, "tmp.x", 1, "m1");
        publish(p, "tmp.x", 1, "m1");
        assertThat(messageSeqs(s, "tmp.x")).containsExactly(1L, 2L);
        assertThat(ofType(s, "subscribed").get(0).containsKey("presence")).isFalse();
        assertThat(history.page("tmp.x", null, null).messages()).isEmpty();
        assertThat(subscriptions.presence("tmp.x")).isNull();
    }

    @Test
    void readingANeverUsedChannelCreatesNoRow() {
        TestConnection a = TestConnections.open("a");
        requests.subscribe(a.connection(), "never.subscribed", null, "s1");
        requests.subscribe(a.connection(), "never.recovered", since(0, "0123456789abcdef"), "s2");
        requests.unsubscribe(a.connection(), "never.subscribed", null);
        subscriptions.leaveAll(a.connection());
        HistoryPages.Page page = history.page("never.read", null, null);
        assertThat(moderation.delete("never.deleted", 1)).isFalse();
        assertThat(subscriptions.presence("never.present")).isEmpty();

        assertThat(page.epoch()).matches("[0-9a-f]{16}");
        assertThat(page.messages()).isEmpty();
        assertThat(ofType(a, "subscribed")).extracting(o -> o.getJsonNumber("seq").longValue()).containsExactly(0L, 0L);
        assertThat(store.rows()).isEmpty();
    }

    @Test
    void theEpochToldBeforeTheFirstPublishIsTheOneThePublishStores() {
        TestConnection a = TestConnections.open("a");
        requests.subscribe(a.connection(), "c", null, null);
        String told = epochOf(a);
        assertThat(history.page("c", null, null).epoch()).isEqualTo(told);
        subscriptions.leaveAll(a.connection());
        assertThat(channels.count()).isZero();

        TestConnection p = TestConnections.open("p");
        publish(p, "c", 1, "m1");
        assertThat(store.rows()).containsExactly("c");
        TestConnection back = TestConnections.open("a");
        requests.subscribe(back.connection(), "c", since(0, told), null);
        JsonObject subscribed = ofType(back, "subscribed").get(0);
        assertThat(subscribed.getString("epoch")).isEqualTo(told);
        assertThat(subscribed.getBoolean("recovered")).isTrue();
        assertThat(messageSeqs(back, "c")).containsExactly(1L);
    }

    @Test
    void resettingANeverUsedChannelGivesItANewEpoch() {
        TestConnection a = TestConnections.open("a");
        requests.subscribe(a.connection(), "c", null, null);
        String told = epochOf(a);
        ChannelState reset = moderation.reset("c");
        assertThat(reset.epoch()).isNotEqualTo(told);
        assertThat(reset.lastSeq()).isZero();

        TestConnection back = TestConnections.open("b");
        requests.subscribe(back.connection(), "c", since(0, told), null);
        JsonObject subscribed = ofType(back, "subscribed").get(0);
        assertThat(subscribed.getString("epoch")).isEqualTo(reset.epoch());
        assertThat(subscribed.getBoolean("recovered")).isFalse();
    }

    @Test
    void historyPagesBackwardsCappedAtTheMaximum() {
        TestConnection p = TestConnections.open("p");
        for (int i = 1; i <= 10; i++) {
            publish(p, "c", i, null);
        }
        assertThat(history.page("c", null, null).messages()).extracting(HistoryMessage::seq)
                .containsExactly(8L, 9L, 10L);
        assertThat(history.page("c", 8L, 2).messages()).extracting(HistoryMessage::seq)
                .containsExactly(6L, 7L);
        assertThat(history.page("c", 2L, 50).messages()).extracting(HistoryMessage::seq)
                .containsExactly(1L);
    }
}
