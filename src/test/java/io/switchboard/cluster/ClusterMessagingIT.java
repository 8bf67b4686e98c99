package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.Login;
import io.switchboard.testing.MicroCluster;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.PresenceFrames;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two instances on one PostgreSQL database act as one hub: channel messages published on both
 * reach the subscribers of both in one seq order with no gap or duplicate; broadcasts, deletions,
 * resets, kicks and logouts cross from one instance to the other; presence and the per-user
 * connection cap are cluster wide, and an instance killed takes its users' presence with it. One cluster for every test (starting one
 * costs a minute here), its reorder wait and hold bound cut so that gaps are read from the
 * database all the time. Runs in the PostgreSQL pass only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterMessagingIT {

    private static final Duration CROSSING = Duration.ofSeconds(15);
    // Every test keeps each user's connections, on both instances together, within this.
    private static final int MAX_PER_USER = 8;

    private static MicroCluster cluster;
    private static MicroServer a;
    private static MicroServer b;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("switchboard.test.db")), "needs -Dswitchboard.test.db=postgresql");
        long start = System.nanoTime();
        cluster = MicroCluster.start("cluster-messaging", 2, Map.of(
                        "switchboard.cluster.reorder-wait", "20ms", "switchboard.cluster.max-held-batches", "3",
                        "switchboard.cluster.catch-up-interval", "1s",
                        "switchboard.connections.max-per-user", String.valueOf(MAX_PER_USER)),
                Path.of(System.getProperty("switchboard.war", "target/switchboard.war")));
        System.out.printf("cluster of 2 ready and formed in %.1f s%n", (System.nanoTime() - start) / 1e9);
        a = cluster.member(0);
        b = cluster.member(1);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A channel no earlier run has used: the shared database outlives the test. */
    private static String freshChannel(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    private static WsClient subscribed(MicroServer server, Login.Credentials as, String channel) {
        WsClient client = WsClient.connect(server.wsUri(), as);
        client.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        assertThat(client.expect("subscribed").getJsonNumber("seq").longValue()).isZero();
        return client;
    }

    @Test
    void publishersOnBothInstancesReachSubscribersOnBothInOneSeqOrderWithNoGapOrDuplicate() throws Exception {
        String channel = freshChannel("bus.orders");
        int perPublisher = 300;
        List<MicroServer> publishersOn = List.of(a, b, a, b);
        int total = perPublisher * publishersOn.size();
        List<WsClient> subscribers = new ArrayList<>();
        for (MicroServer server : List.of(a, b, a, b)) {
            subscribers.add(subscribed(server, Login.shared(server.wsUri(), "alice"), channel));
        }
        ExecutorService pool = Executors.newFixedThreadPool(publishersOn.size());
        try {
            List<Future<List<Long>>> acks = new ArrayList<>();
            for (int p = 0; p < publishersOn.size(); p++) {
                MicroServer server = publishersOn.get(p);
                String prefix = "p" + p + "-";
                acks.add(pool.submit(() -> publish(server, channel, prefix, perPublisher)));
            }
            List<Long> allAcked = new ArrayList<>();
            for (Future<List<Long>> f : acks) {
                List<Long> seqs = f.get(120, TimeUnit.SECONDS);
                assertThat(seqs).hasSize(perPublisher).isSorted().doesNotHaveDuplicates();
                allAcked.addAll(seqs);
            }
            assertThat(allAcked).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());

            List<List<String>> seen = new ArrayList<>();
            for (WsClient s : subscribers) {
                List<String> order = new ArrayList<>();
                for (int seq = 1; seq <= total; seq++) {
                    JsonObject m = s.next("message");
                    assertThat(m.getJsonNumber("seq").longValue()).as("message %d of %d", seq, total).isEqualTo(seq);
                    order.add(m.getString("data"));
                }
                seen.add(order);
            }
            for (List<String> other : seen) {
                assertThat(other).isEqualTo(seen.get(0));
            }
            for (int p = 0; p < publishersOn.size(); p++) {
                String prefix = "p" + p + "-";
                assertThat(seen.get(0).stream().filter(d -> d.startsWith(prefix)).toList())
                        .as("publisher %d's messages in the order sent", p)
                        .isEqualTo(java.util.stream.IntStream.range(0, perPublisher).mapToObj(i -> prefix + i).toList());
            }
            for (WsClient s : subscribers) {
                assertThat(s.drain(Duration.ofMillis(500))).as("nothing after the last message")
                        .noneMatch(f -> "message".equals(f.getString("type")));
            }
        } finally {
            pool.shutdownNow();
            subscribers.forEach(WsClient::close);
        }
    }

    private static List<Long> publish(MicroServer server, String channel, String prefix, int count) {
        try (WsClient c = WsClient.connect(server.wsUri(), Login.shared(server.wsUri(), "bob"))) {
            for (int i = 0; i < count; i++) {
                c.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":\"" + prefix + i
                        + "\",\"id\":\"" + prefix + i + "\"}");
            }
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                seqs.add(c.expect("ack").getJsonNumber("seq").longValue());
            }
            return seqs;
        }
    }

    @Test
    void aMessageWhoseClusterEventNeverCameReachesTheSubscribersOfEveryInstanceFromTheDatabase() throws Exception {
        String channel = freshChannel("bus.lost");
        try (WsClient onA = subscribed(a, Login.shared(a.wsUri(), "alice"), channel);
             WsClient onB = subscribed(b, Login.shared(b.wsUri(), "bob"), channel);
             WsClient publisher = WsClient.connect(a.wsUri(), Login.shared(a.wsUri(), "alice"))) {
            publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":1}");
            publisher.expect("ack");
            assertThat(onA.next("message").getJsonNumber("seq").longValue()).isEqualTo(1);
            assertThat(onB.next("message").getJsonNumber("seq").longValue()).isEqualTo(1);

            // What an instance that died between its commit and its cluster event leaves behind,
            // while the cluster itself does not change: the last message is stored and told to nobody.
            commitWithoutEvent(channel, 2, "\"lost\"");
            for (WsClient subscriber : List.of(onA, onB)) {
                JsonObject lost = subscriber.next("message");
                assertThat(lost.getJsonNumber("seq").longValue()).isEqualTo(2);
                assertThat(lost.getString("data")).isEqualTo("lost");
            }

            publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":3}");
            assertThat(publisher.expect("ack").getJsonNumber("seq").longValue()).isEqualTo(3);
            assertThat(onA.next("message").getJsonNumber("seq").longValue()).isEqualTo(3);
            assertThat(onB.next("message").getJsonNumber("seq").longValue()).isEqualTo(3);
        }
    }

    @Test
    void aClientResumingFromAnInstanceFurtherAheadRecoversExactlyOnAnInstanceTheEventsHaveNotReachedYet() throws Exception {
        String channel = freshChannel("bus.ahead");
        try (WsClient watcher = WsClient.connect(b.wsUri(), Login.shared(b.wsUri(), "bob"));
             WsClient publisher = WsClient.connect(a.wsUri(), Login.shared(a.wsUri(), "alice"))) {
            watcher.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            String epoch = watcher.expect("subscribed").getString("epoch");
            publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":1}");
            publisher.expect("ack");
            assertThat(watcher.next("message").getJsonNumber("seq").longValue()).isEqualTo(1);

            // Seq 2 is committed and its event has not reached b: a client that got it on another
            // instance (one that died, say) resumes on b from there.
            commitWithoutEvent(channel, 2, "\"ahead\"");
            try (WsClient resumer = WsClient.connect(b.wsUri(), Login.shared(b.wsUri(), "alice"))) {
                resumer.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"since\":{\"seq\":2,\"epoch\":\""
                        + epoch + "\"}}");
                JsonObject resumed = resumer.expect("subscribed");
                assertThat(resumed.getBoolean("recovered")).as("%s", resumed).isTrue();
                assertThat(resumed.getJsonNumber("seq").longValue()).isEqualTo(2);

                publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":3}");
                assertThat(publisher.expect("ack").getJsonNumber("seq").longValue()).isEqualTo(3);
                // nothing it had again, nothing skipped
                assertThat(resumer.next("message").getJsonNumber("seq").longValue()).isEqualTo(3);
            }
            // b's own subscriber gets seq 2 once, in order
            assertThat(watcher.next("message").getJsonNumber("seq").longValue()).isEqualTo(2);
            assertThat(watcher.next("message").getJsonNumber("seq").longValue()).isEqualTo(3);
        }
    }

    private static void commitWithoutEvent(String channel, long seq, String data) throws SQLException {
        try (Connection db = DriverManager.getConnection(
                System.getProperty("switchboard.test.db.url", "jdbc:postgresql://127.0.0.1:5432/switchboard_test?reWriteBatchedInserts=true"),
                "switchboard", "switchboard")) {
            db.setAutoCommit(false);
            try (PreparedStatement row = db.prepareStatement("UPDATE channels SET last_seq = ? WHERE name = ?");
                 PreparedStatement message = db.prepareStatement(
                         "INSERT INTO messages (channel, seq, data, sender, ts) VALUES (?, ?, ?, 'alice', ?)")) {
                row.setLong(1, seq);
                row.setString(2, channel);
                assertThat(row.executeUpdate()).isEqualTo(1);
                message.setString(1, channel);
                message.setLong(2, seq);
                message.setString(3, data);
                message.setLong(4, System.currentTimeMillis());
                message.executeUpdate();
            }
            db.commit();
        }
    }

    @Test
    void aBroadcastSentOnOneInstanceReachesTheConnectionsOfTheOther() {
        try (WsClient onB = WsClient.connect(b.wsUri(), Login.shared(b.wsUri(), "bob"));
             WsClient sender = WsClient.connect(a.wsUri(), Login.shared(a.wsUri(), "alice"))) {
            // a ping answered means the connection on B is registered before the broadcast goes
            onB.send("{\"type\":\"ping\"}");
            onB.expect("pong");
            String text = "hello-" + System.nanoTime();
            sender.send("{\"type\":\"broadcast\",\"data\":\"" + text + "\"}");

            JsonObject got = onB.next(f -> "broadcast".equals(f.getString("type")) && text.equals(f.getString("data")));
            assertThat(got.getString("from")).isEqualTo("alice");
        }
    }

    @Test
    void aDeletionAndAResetMadeOnOneInstanceReachTheSubscribersOfTheOther() {
        String channel = freshChannel("bus.moderated");
        Login.Credentials admin = Login.fresh(a.wsUri(), "admin", Login.DEMO_PASSWORD);
        try (WsClient onB = subscribed(b, Login.shared(b.wsUri(), "alice"), channel);
             WsClient publisher = WsClient.connect(a.wsUri(), Login.shared(a.wsUri(), "alice"))) {
            for (int i = 1; i <= 3; i++) {
                publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":" + i + "}");
                publisher.expect("ack");
            }
            for (int seq = 1; seq <= 3; seq++) {
                assertThat(onB.next("message").getJsonNumber("seq").longValue()).isEqualTo(seq);
            }

            HttpResponse<String> deleted = Login.send(a.wsUri(), "/api/channels/" + channel + "/messages/2", admin,
                    java.net.http.HttpRequest.BodyPublishers.noBody(), "DELETE");
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            JsonObject deletion = onB.next("deleted");
            assertThat(deletion.getString("channel")).isEqualTo(channel);
            assertThat(deletion.getJsonNumber("seq").longValue()).isEqualTo(2);

            HttpResponse<String> reset = Login.post(a.wsUri(), "/api/channels/" + channel + "/reset", "", admin);
            assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
            String epoch = json(reset.body()).getString("epoch");
            // B's channel learns the new epoch: a subscribe there is told it
            try (WsClient late = WsClient.connect(b.wsUri(), Login.shared(b.wsUri(), "bob"))) {
                await().atMost(CROSSING).pollInterval(Duration.ofMillis(200)).until(() -> {
                    late.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
                    JsonObject subscribed = late.expect("subscribed");
                    late.send("{\"type\":\"unsubscribe\",\"channel\":\"" + channel + "\"}");
                    late.expect("unsubscribed");
                    return epoch.equals(subscribed.getString("epoch"));
                });
            }
            // the numbering goes on after the reset, on both instances alike
            publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":4}");
            assertThat(publisher.expect("ack").getJsonNumber("seq").longValue()).isEqualTo(4);
            assertThat(onB.next("message").getJsonNumber("seq").longValue()).isEqualTo(4);
        }
    }

    @Test
    void aKickOnOneInstanceClosesTheUsersConnectionsOnTheOtherWith4003AndCountsItsOwn() {
        Login.Credentials moderator = Login.fresh(a.wsUri(), "mod", Login.DEMO_PASSWORD);
        Login.Credentials bobOnA = Login.fresh(a.wsUri(), "bob", Login.DEMO_PASSWORD);
        Login.Credentials bobOnB = Login.fresh(b.wsUri(), "bob", Login.DEMO_PASSWORD);
        try (WsClient bobA = WsClient.connect(a.wsUri(), bobOnA);
             WsClient bobB1 = WsClient.connect(b.wsUri(), bobOnB);
             WsClient bobB2 = WsClient.connect(b.wsUri(), bobOnB)) {
            for (WsClient c : List.of(bobA, bobB1, bobB2)) {
                c.send("{\"type\":\"ping\"}");
                c.expect("pong");
            }

            HttpResponse<String> kick = Login.post(a.wsUri(), "/api/admin/users/bob/kick", "", moderator);

            assertThat(kick.statusCode()).as(kick.body()).isEqualTo(200);
            assertThat(json(kick.body()).getInt("closed")).as("the connections of the instance that answered").isEqualTo(1);
            assertThat(bobA.awaitClose().getCloseCode().getCode()).isEqualTo(4003);
            assertThat(bobB1.awaitClose().getCloseCode().getCode()).isEqualTo(4003);
            assertThat(bobB2.awaitClose().getCloseCode().getCode()).isEqualTo(4003);
        }
    }

    @Test
    void aLogoutOnOneInstanceClosesTheLoginsConnectionsOnTheOtherWith4001AndItsCookieIsRefusedThere() {
        Login.Credentials onA = Login.fresh(a.wsUri(), "alice", Login.DEMO_PASSWORD);
        Login.Credentials onB = new Login.Credentials(onA.cookie(), Login.origin(b.wsUri()));
        Login.Credentials otherLogin = Login.fresh(b.wsUri(), "alice", Login.DEMO_PASSWORD);
        try (WsClient socketOnB = WsClient.connect(b.wsUri(), onB);
             WsClient otherOnB = WsClient.connect(b.wsUri(), otherLogin)) {
            socketOnB.send("{\"type\":\"ping\"}");
            socketOnB.expect("pong");
            assertThat(Login.get(b.wsUri(), "/api/me", onB).statusCode()).isEqualTo(200);

            assertThat(Login.post(a.wsUri(), "/api/logout", "", onA).statusCode()).isEqualTo(204);

            assertThat(socketOnB.awaitClose().getCloseCode().getCode()).isEqualTo(4001);
            await().atMost(CROSSING).pollInterval(Duration.ofMillis(200))
                    .until(() -> Login.get(b.wsUri(), "/api/me", onB).statusCode() == 401);
            assertThat(handshakeStatus(b.wsUri(), onB)).isEqualTo(401);
            // the same user's other login goes on
            otherOnB.send("{\"type\":\"ping\"}");
            otherOnB.expect("pong");
            assertThat(Login.get(b.wsUri(), "/api/me", otherLogin).statusCode()).isEqualTo(200);
        }
    }

    /** The HTTP status of a WebSocket handshake with these credentials (101 when it upgrades). */
    private static int handshakeStatus(URI ws, Login.Credentials as) {
        HttpResponse<String> response = Login.send(URI.create("http://127.0.0.1:" + ws.getPort() + "/"), "/ws",
                as, java.net.http.HttpRequest.BodyPublishers.noBody(), "GET");
        return response.statusCode();
    }

    @Test
    void theAdminConsoleListsBothInstancesWithTheConnectionsOfEach() {
        Login.Credentials admin = Login.fresh(a.wsUri(), "admin", Login.DEMO_PASSWORD);
        Login.Credentials aliceOnB = Login.fresh(b.wsUri(), "alice", Login.DEMO_PASSWORD);
        try (WsClient one = WsClient.connect(b.wsUri(), aliceOnB);
             WsClient two = WsClient.connect(b.wsUri(), aliceOnB)) {
            await().atMost(CROSSING).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                HttpResponse<String> answer = Login.get(a.wsUri(), "/api/admin/cluster", admin);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                List<JsonObject> members = Json.createReader(new StringReader(answer.body())).readArray()
                        .getValuesAs(JsonObject.class);
                assertThat(members).hasSize(2);
                assertThat(members).filteredOn(m -> m.getBoolean("self")).hasSize(1);
                JsonObject other = members.stream().filter(m -> !m.getBoolean("self")).findFirst().orElseThrow();
                assertThat(other.getInt("connections")).isGreaterThanOrEqualTo(2);
            });
        }
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    @Test
    void aUserWithConnectionsOnBothInstancesJoinsOnceAndLeavesOnceEverywhere() {
        String channel = freshChannel("bus.room");
        try (WsClient watcherOnA = subscribed(a, Login.shared(a.wsUri(), "bob"), channel);
             WsClient watcherOnB = subscribed(b, Login.shared(b.wsUri(), "mod"), channel)) {
            WsClient tabOnA = WsClient.connect(a.wsUri(), Login.shared(a.wsUri(), "alice"));
            WsClient tabOnB = WsClient.connect(b.wsUri(), Login.shared(b.wsUri(), "alice"));
            try {
                tabOnA.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
                assertThat(users(tabOnA.expect("subscribed"))).contains("alice");
                for (WsClient watcher : List.of(watcherOnA, watcherOnB)) {
                    assertThat(aliceEvents(watcher.next(f -> !aliceEvents(f, channel).isEmpty()), channel))
                            .isEqualTo("join");
                }

                tabOnB.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
                assertThat(users(tabOnB.expect("subscribed"))).containsExactlyInAnyOrder("alice", "bob", "mod");
                tabOnA.close();
                assertNoAliceEventsFor(channel, watcherOnA, watcherOnB);
                for (MicroServer server : List.of(a, b)) {
                    assertThat(presenceOverHttp(server, channel)).containsExactlyInAnyOrder("alice", "bob", "mod");
                }

                tabOnB.close();
                for (WsClient watcher : List.of(watcherOnA, watcherOnB)) {
                    assertThat(aliceEvents(watcher.next(f -> !aliceEvents(f, channel).isEmpty()), channel))
                            .isEqualTo("leave");
                }
                assertNoAliceEventsFor(channel, watcherOnA, watcherOnB);
                for (MicroServer server : List.of(a, b)) {
                    assertThat(presenceOverHttp(server, channel)).containsExactlyInAnyOrder("bob", "mod");
                }
            } finally {
                tabOnA.close();
                tabOnB.close();
            }
        }
    }

    @Test
    void thePerUserConnectionCapCountsTheConnectionsOnEveryInstance() {
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PER_USER; i++) {
                MicroServer server = i % 2 == 0 ? a : b;
                WsClient c = WsClient.connect(server.wsUri(), Login.shared(server.wsUri(), "admin"));
                c.send("{\"type\":\"ping\"}");
                c.expect("pong");
                open.add(c);
            }

            assertThat(handshakeStatus(a.wsUri(), Login.shared(a.wsUri(), "admin"))).isEqualTo(429);
            assertThat(handshakeStatus(b.wsUri(), Login.shared(b.wsUri(), "admin"))).isEqualTo(429);
            assertThat(handshakeStatus(a.wsUri(), Login.shared(a.wsUri(), "mod"))).as("another user").isNotEqualTo(429);

            open.remove(1).close();
            await().atMost(CROSSING).pollInterval(Duration.ofMillis(200))
                    .until(() -> handshakeStatus(a.wsUri(), Login.shared(a.wsUri(), "admin")) != 429);
            open.add(WsClient.connect(a.wsUri(), Login.shared(a.wsUri(), "admin")));
            assertThat(handshakeStatus(b.wsUri(), Login.shared(b.wsUri(), "admin"))).isEqualTo(429);
        } finally {
            open.forEach(WsClient::close);
        }
    }

    /** Last: the cluster has one instance left after it. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theUsersOfAKilledInstanceLeaveTheChannelsOfTheOthersWithinThePresenceTimeout() throws Exception {
        String channel = freshChannel("bus.lobby");
        try (WsClient watcherOnA = subscribed(a, Login.shared(a.wsUri(), "bob"), channel);
             WsClient aliceOnB = subscribed(b, Login.shared(b.wsUri(), "alice"), channel)) {
            assertThat(aliceEvents(watcherOnA.next(f -> !aliceEvents(f, channel).isEmpty()), channel)).isEqualTo("join");
            long killed = System.nanoTime();
            b.kill();

            JsonObject leave = watcherOnA.next(f -> !aliceEvents(f, channel).isEmpty());
            assertThat(aliceEvents(leave, channel)).isEqualTo("leave");
            double seconds = (System.nanoTime() - killed) / 1e9;
            System.out.printf("after kill -9 of %s, its user left %s's channel in %.1f s%n", b.name(), a.name(), seconds);
            assertThat(seconds).isLessThan(15 + 5);
            assertThat(presenceOverHttp(a, channel)).containsExactly("bob");
        }
    }

    private static void assertNoAliceEventsFor(String channel, WsClient... watchers) {
        List<JsonObject> seen = new ArrayList<>();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    for (WsClient w : watchers) {
                        seen.addAll(w.drain(Duration.ZERO));
                    }
                    return seen.stream().allMatch(f -> aliceEvents(f, channel).isEmpty());
                });
    }

    /** "join" or "leave" for a presence frame about alice in the channel, else "". */
    private static String aliceEvents(JsonObject frame, String channel) {
        return PresenceFrames.event(frame, channel, "alice");
    }

    private static List<String> users(JsonObject subscribed) {
        return subscribed.getJsonArray("presence").getValuesAs(JsonObject.class).stream().map(u -> u.getString("user")).toList();
    }

    private static List<String> presenceOverHttp(MicroServer server, String channel) {
        HttpResponse<String> response = Login.get(server.wsUri(), "/api/channels/" + channel + "/presence",
                Login.shared(server.wsUri(), "bob"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.createReader(new StringReader(response.body())).readArray().getValuesAs(JsonObject.class).stream()
                .map(u -> u.getString("user")).toList();
    }
}
