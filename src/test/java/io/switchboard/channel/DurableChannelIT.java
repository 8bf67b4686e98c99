package io.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Durable channels as a client sees them (README "Sequence numbers", "Recovery", the history
 * request and message deletion): epochs, recovery with {@code since}, deduplication by publish
 * id, history paging, group commit under concurrent publishers, ephemeral prefixes, retention and
 * deletion. Every test works in channels of its own.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DurableChannelIT {

    /**
     * Low, so a too-old {@code since} is cheap to make, yet above the largest gap the concurrent
     * recovery test can leave (10 missed + 4 x 40 published around the resubscribe).
     */
    private static final int RECOVERY_MAX = 200;
    private static final int HISTORY_MAX = 25;
    /** Publishes one test connection keeps unacknowledged (below max-pending-requests, 256). */
    private static final int WINDOW = 64;
    private static final String POLICY_TAIL = ",max-age=24h,presence=true";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("durable", Map.of(
                "switchboard.recovery.max-messages", String.valueOf(RECOVERY_MAX),
                "switchboard.history.max-limit", String.valueOf(HISTORY_MAX),
                "switchboard.retention.interval", "1s",
                "switchboard.channel-policies",
                "eph.*:durable=false,max-messages=1000" + POLICY_TAIL
                        + ";short.*:durable=true,max-messages=5" + POLICY_TAIL
                        + ";short.long.*:durable=true,max-messages=1000" + POLICY_TAIL
                        + ";sh_rt.*:durable=true,max-messages=5" + POLICY_TAIL
                        + ";*:durable=true,max-messages=1000" + POLICY_TAIL));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    // ---------------------------------------------------------------- numbering and storage

    @Test
    void subscribedCarriesSeqAndEpochAndEachAckMeansTheMessageIsAlreadyInHistory() {
        String ch = channel("basic");
        try (WsClient sub = connect("bob"); WsClient pub = connect("alice"); WsClient reader = connect("mod")) {
            JsonObject subscribed = subscribe(sub, ch);
            assertThat(subscribed.getString("channel")).isEqualTo(ch);
            assertThat(seq(subscribed)).isZero();
            String epoch = epochOf(subscribed);

            for (int i = 1; i <= 5; i++) {
                JsonObject ack = publish(pub, ch, "m" + i, "{\"n\":" + i + "}");
                assertThat(seq(ack)).as(ack.toString()).isEqualTo(i);
                // An ack means stored: a connection that is not even subscribed reads it back at once.
                JsonObject newest = history(reader, ch, null, 1);
                assertThat(newest.getString("epoch")).isEqualTo(epoch);
                List<JsonObject> entries = entries(newest);
                assertThat(entries).as(newest.toString()).hasSize(1);
                assertThat(seq(entries.get(0))).isEqualTo(i);
                assertThat(entries.get(0).getJsonObject("data").getInt("n")).isEqualTo(i);
                assertThat(entries.get(0).getString("from")).isEqualTo("alice");
                assertThat(entries.get(0).getJsonNumber("ts").longValue()).isGreaterThan(1_700_000_000_000L);
            }

            List<JsonObject> messages = channelFrames(sub, ch, 5);
            assertContiguous(messages, 1);
            for (int i = 0; i < 5; i++) {
                JsonObject m = messages.get(i);
                assertThat(m.getString("type")).isEqualTo("message");
                assertThat(m.getJsonObject("data").getInt("n")).isEqualTo(i + 1);
                assertThat(m.getString("from")).isEqualTo("alice");
                assertThat(m.getJsonNumber("ts").longValue()).isGreaterThan(1_700_000_000_000L);
            }

            // Subscribing again, since included, answers the current state and changes nothing.
            JsonObject again = subscribe(sub, ch, 1, epoch);
            assertThat(seq(again)).isEqualTo(5);
            assertThat(again.getString("epoch")).isEqualTo(epoch);
            assertThat(again.containsKey("recovered")).as(again.toString()).isFalse();
            assertThat(seq(publish(pub, ch, "marker", "\"marker\""))).isEqualTo(6);
            assertThat(seq(channelFrames(sub, ch, 1).get(0))).as("nothing replayed before the marker").isEqualTo(6);
        }
    }

    @Test
    void fourConcurrentPublishersOf250EachAreOneGapFreeOrderWithIncreasingAcks() throws Exception {
        String ch = channel("group");
        String[] users = {"alice", "bob", "mod", "admin"};
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(users.length);
        try (WsClient sub = connect("bob")) {
            assertThat(seq(subscribe(sub, ch))).isZero();
            List<Future<LinkedHashMap<Long, String>>> futures = new ArrayList<>();
            for (int p = 0; p < users.length; p++) {
                String user = users[p];
                String tag = "p" + p + "-";
                futures.add(pool.submit(() -> {
                    try (WsClient c = connect(user)) {
                        return publishTagged(c, ch, tag, each, null);
                    }
                }));
            }
            Map<Long, String> bySeq = new HashMap<>();
            Map<Long, String> fromBySeq = new HashMap<>();
            for (int p = 0; p < users.length; p++) {
                LinkedHashMap<Long, String> acked = futures.get(p).get(120, TimeUnit.SECONDS);
                List<Long> seqs = new ArrayList<>(acked.keySet());
                assertThat(seqs).as("acks of publisher %d, in the order it sent", p)
                        .hasSize(each).isSorted().doesNotHaveDuplicates();
                bySeq.putAll(acked);
                for (Long s : seqs) {
                    fromBySeq.put(s, users[p]);
                }
            }
            assertThat(bySeq.keySet()).as("acked seqs").containsExactlyInAnyOrderElementsOf(range(1, each * users.length));

            List<JsonObject> seen = channelFrames(sub, ch, each * users.length);
            assertContiguous(seen, 1);
            List<String> order = new ArrayList<>();
            for (JsonObject m : seen) {
                assertThat(m.getString("data")).as("the message acked with seq %d", seq(m)).isEqualTo(bySeq.get(seq(m)));
                assertThat(m.getString("from")).isEqualTo(fromBySeq.get(seq(m)));
                order.add(m.getString("data"));
            }
            for (int p = 0; p < users.length; p++) {
                String tag = "p" + p + "-";
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    sent.add(tag + i);
                }
                assertThat(order.stream().filter(d -> d.startsWith(tag)).toList())
                        .as("publisher %d's messages in the order sent", p).isEqualTo(sent);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- recovery

    @Test
    void resubscribeRecoversEveryMissedMessageInOrderWhileFourPublishersKeepPublishing() throws Exception {
        String ch = channel("recover");
        int each = 40;
        String[] users = {"alice", "bob", "mod", "admin"};
        Map<Long, String> acked = new HashMap<>();
        String epoch;
        long last;
        try (WsClient pub = connect("bob")) {
            try (WsClient a = connect("alice")) {
                epoch = epochOf(subscribe(a, ch));
                acked.putAll(publishTagged(pub, ch, "before-", 10, null));
                List<JsonObject> handled = channelFrames(a, ch, 10);
                assertContiguous(handled, 1);
                last = seq(handled.get(9));
            }
            // Missed while away, all acked (so stored) before the client comes back.
            acked.putAll(publishTagged(pub, ch, "missed-", 10, null));
        }
        long beforeResubscribe = last + 10;

        // Logged in one after another: see the follow-up on concurrent first logins in the issue.
        for (String u : users) {
            Login.shared(ws, u);
        }
        ExecutorService pool = Executors.newFixedThreadPool(users.length);
        try (WsClient back = connect("alice")) {
            CountDownLatch publishing = new CountDownLatch(users.length);
            List<Future<LinkedHashMap<Long, String>>> futures = new ArrayList<>();
            for (int p = 0; p < users.length; p++) {
                String user = users[p];
                String tag = "live" + p + "-";
                futures.add(pool.submit(() -> {
                    try (WsClient c = connect(user)) {
                        return publishTagged(c, ch, tag, each, publishing);
                    }
                }));
            }
            if (!publishing.await(30, TimeUnit.SECONDS)) {
                for (Future<LinkedHashMap<Long, String>> f : futures) {
                    if (f.isDone()) {
                        f.get(); // throws what went wrong in that publisher
                    }
                }
                throw new AssertionError("a publisher has had no ack in 30 s");
            }

            // The resubscribe races with the four publishers.
            JsonObject resubscribed = subscribe(back, ch, last, epoch);
            assertThat(resubscribed.get("recovered")).as(resubscribed.toString()).isEqualTo(JsonValue.TRUE);
            assertThat(resubscribed.getString("epoch")).isEqualTo(epoch);
            assertThat(seq(resubscribed)).isBetween(beforeResubscribe, beforeResubscribe + (long) each * users.length);

            for (Future<LinkedHashMap<Long, String>> f : futures) {
                LinkedHashMap<Long, String> mine = f.get(60, TimeUnit.SECONDS);
                assertThat(new ArrayList<>(mine.keySet())).hasSize(each).isSorted().doesNotHaveDuplicates();
                acked.putAll(mine);
            }
            long total = beforeResubscribe + (long) each * users.length;
            assertThat(acked.keySet()).containsExactlyInAnyOrderElementsOf(range(1, total));

            // Every message after the last one handled, once, in order, recovered and live alike.
            List<JsonObject> got = channelFrames(back, ch, (int) (total - last));
            assertContiguous(got, last + 1);
            for (JsonObject m : got) {
                assertThat(m.getString("type")).as(m.toString()).isEqualTo("message");
                assertThat(m.getString("data")).as("seq %d", seq(m)).isEqualTo(acked.get(seq(m)));
            }
            // And nothing after them but what comes next.
            try (WsClient pub = connect("bob")) {
                assertThat(seq(publish(pub, ch, "marker", "\"marker\""))).isEqualTo(total + 1);
            }
            assertThat(seq(channelFrames(back, ch, 1).get(0))).isEqualTo(total + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sinceWithAnotherEpochIsNotRecoveredAndAnswersTheCurrentSeqAndEpoch() {
        String ch = channel("epoch");
        try (WsClient pub = connect("bob"); WsClient a = connect("alice")) {
            publishTagged(pub, ch, "m", 3, null);
            String epoch = history(pub, ch, null, null).getString("epoch");

            JsonObject subscribed = subscribe(a, ch, 2, epoch + "-not");

            assertThat(subscribed.get("recovered")).as(subscribed.toString()).isEqualTo(JsonValue.FALSE);
            assertThat(seq(subscribed)).isEqualTo(3);
            assertThat(subscribed.getString("epoch")).isEqualTo(epoch);
            assertThat(seq(publish(pub, ch, "live", "\"live\""))).isEqualTo(4);
            assertThat(seq(channelFrames(a, ch, 1).get(0))).as("no missed message is sent").isEqualTo(4);
        }
    }

    @Test
    void aGapOfRecoveryMaxMessagesIsRecoveredAndOneMoreIsNot() {
        String ch = channel("toolong");
        try (WsClient pub = connect("bob")) {
            publishTagged(pub, ch, "early-", 5, null);
            String epoch = history(pub, ch, null, 1).getString("epoch");
            Map<Long, String> missed = publishTagged(pub, ch, "gap-", RECOVERY_MAX, null);
            long current = 5 + RECOVERY_MAX;

            try (WsClient a = connect("alice")) {
                JsonObject atTheLimit = subscribe(a, ch, 5, epoch);
                assertThat(atTheLimit.get("recovered")).as(atTheLimit.toString()).isEqualTo(JsonValue.TRUE);
                assertThat(seq(atTheLimit)).isEqualTo(current);
                List<JsonObject> got = channelFrames(a, ch, RECOVERY_MAX);
                assertContiguous(got, 6);
                got.forEach(m -> assertThat(m.getString("data")).isEqualTo(missed.get(seq(m))));
            }

            assertThat(seq(publish(pub, ch, "one-more", "\"one-more\""))).isEqualTo(current + 1);
            try (WsClient a = connect("alice")) {
                JsonObject overTheLimit = subscribe(a, ch, 5, epoch);
                assertThat(overTheLimit.get("recovered")).as(overTheLimit.toString()).isEqualTo(JsonValue.FALSE);
                assertThat(seq(overTheLimit)).isEqualTo(current + 1);
                assertThat(overTheLimit.getString("epoch")).isEqualTo(epoch);
                assertThat(seq(publish(pub, ch, "live", "\"live\""))).isEqualTo(current + 2);
                assertThat(seq(channelFrames(a, ch, 1).get(0))).as("no missed message is sent").isEqualTo(current + 2);
            }
        }
    }

    @Test
    void sinceTheCurrentSeqIsRecoveredWithNothingMissedThenLiveMessages() {
        String ch = channel("uptodate");
        try (WsClient pub = connect("bob"); WsClient a = connect("alice")) {
            publishTagged(pub, ch, "m", 3, null);
            String epoch = history(pub, ch, null, null).getString("epoch");

            JsonObject subscribed = subscribe(a, ch, 3, epoch);

            assertThat(subscribed.get("recovered")).as(subscribed.toString()).isEqualTo(JsonValue.TRUE);
            assertThat(seq(subscribed)).isEqualTo(3);
            assertThat(subscribed.getString("epoch")).isEqualTo(epoch);
            assertThat(seq(publish(pub, ch, "live", "\"live\""))).isEqualTo(4);
            JsonObject first = channelFrames(a, ch, 1).get(0);
            assertThat(seq(first)).isEqualTo(4);
            assertThat(first.getString("data")).isEqualTo("live");
        }
    }

    // ---------------------------------------------------------------- deduplication

    @Test
    void aResendWithTheSameIdIsAckedWithTheFirstSeqAsDuplicateAndDeliveredOnce() {
        String ch = channel("dedup");
        try (WsClient sub = connect("mod"); WsClient alice = connect("alice"); WsClient bob = connect("bob")) {
            subscribe(sub, ch);

            JsonObject first = publish(alice, ch, "x", "{\"n\":1}");
            assertThat(seq(first)).isEqualTo(1);
            assertThat(first.get("duplicate")).as(first.toString()).isNull();

            JsonObject resent = publish(alice, ch, "x", "{\"n\":1}");
            assertThat(seq(resent)).as(resent.toString()).isEqualTo(1);
            assertThat(resent.get("duplicate")).as(resent.toString()).isEqualTo(JsonValue.TRUE);

            // The client lost its connection before the ack and resends on a new one.
            try (WsClient reconnected = connect("alice")) {
                JsonObject again = publish(reconnected, ch, "x", "{\"n\":1}");
                assertThat(seq(again)).as(again.toString()).isEqualTo(1);
                assertThat(again.get("duplicate")).as(again.toString()).isEqualTo(JsonValue.TRUE);
            }

            // Another sender's id, and the same id in another channel, name other messages.
            JsonObject bobs = publish(bob, ch, "x", "{\"n\":2}");
            assertThat(seq(bobs)).isEqualTo(2);
            assertThat(bobs.get("duplicate")).as(bobs.toString()).isNull();
            JsonObject elsewhere = publish(alice, channel("dedup-other"), "x", "{\"n\":1}");
            assertThat(seq(elsewhere)).isEqualTo(1);
            assertThat(elsewhere.get("duplicate")).as(elsewhere.toString()).isNull();

            assertThat(seq(publish(alice, ch, "marker", "{\"n\":3}"))).isEqualTo(3);
            List<JsonObject> got = channelFrames(sub, ch, 3);
            assertContiguous(got, 1);
            assertThat(got).extracting(m -> m.getJsonObject("data").getInt("n")).containsExactly(1, 2, 3);
            assertThat(got).extracting(m -> m.getString("from")).containsExactly("alice", "bob", "alice");
            assertThat(seqs(history(bob, ch, null, null))).containsExactly(1L, 2L, 3L);
        }
    }

    // ---------------------------------------------------------------- history

    @Test
    void historyPagesBackwardsInAscendingOrderAndIsCappedAtTheMaxLimit() {
        String ch = channel("history");
        try (WsClient pub = connect("alice"); WsClient reader = connect("bob")) {
            Map<Long, String> acked = publishTagged(pub, ch, "h", 30, null);
            JsonObject newest = history(reader, ch, null, 10);
            String epoch = newest.getString("epoch");
            assertThat(epoch).isNotEmpty();
            assertThat(seqs(newest)).isEqualTo(range(21, 30));
            for (JsonObject e : entries(newest)) {
                assertThat(e.getString("data")).isEqualTo(acked.get(seq(e)));
                assertThat(e.getString("from")).isEqualTo("alice");
                assertThat(e.getJsonNumber("ts").longValue()).isGreaterThan(1_700_000_000_000L);
                assertThat(e.containsKey("deleted")).isFalse();
            }

            assertThat(seqs(history(reader, ch, 21L, 10))).isEqualTo(range(11, 20));
            assertThat(seqs(history(reader, ch, 11L, null))).isEqualTo(range(1, 10));
            assertThat(seqs(history(reader, ch, 6L, 100))).isEqualTo(range(1, 5));
            assertThat(seqs(history(reader, ch, null, 1000))).as("capped at max-limit").isEqualTo(range(6, 30));
            assertThat(seqs(history(reader, ch, null, null))).as("no limit means max-limit").isEqualTo(range(6, 30));
            assertThat(seqs(history(reader, ch, 1L, 10))).isEmpty();

            // The epoch of history is the channel's.
            assertThat(epochOf(subscribe(reader, ch))).isEqualTo(epoch);
        }
    }

    @Test
    void historyWithABadLimitIsInvalidAndWithoutTheRightToSubscribeForbidden() {
        String ch = channel("history-bad");
        String secret = "admin." + channel("history");
        try (WsClient alice = connect("alice"); WsClient admin = connect("admin")) {
            publish(alice, ch, "m1", "1");
            assertError(call(alice, historyRequest(ch).add("limit", 0)), "invalid");
            assertError(call(alice, historyRequest(ch).add("limit", -3)), "invalid");
            assertError(call(alice, historyRequest(ch).add("limit", "10")), "invalid");
            assertError(call(alice, historyRequest("bad name!")), "invalid");

            publish(admin, secret, "s1", "\"secret\"");
            assertError(call(alice, historyRequest(secret)), "forbidden");
            assertThat(call(alice, Json.createObjectBuilder().add("type", "ping")).getString("type"))
                    .as("the connection stays usable").isEqualTo("pong");
            assertThat(seqs(history(admin, secret, null, null))).containsExactly(1L);
        }
    }

    // ---------------------------------------------------------------- policies: ephemeral, retention

    @Test
    void ephemeralChannelsNumberMessagesButKeepNoHistoryAndRecoverNothing() {
        String ch = channel("eph");
        try (WsClient sub = connect("bob"); WsClient pub = connect("alice")) {
            JsonObject subscribed = subscribe(sub, ch);
            assertThat(seq(subscribed)).isZero();
            String epoch = epochOf(subscribed);

            Map<Long, String> acked = publishTagged(pub, ch, "e", 5, null);
            assertThat(new ArrayList<>(acked.keySet())).isEqualTo(range(1, 5));
            List<JsonObject> got = channelFrames(sub, ch, 5);
            assertContiguous(got, 1);
            got.forEach(m -> assertThat(m.getString("data")).isEqualTo(acked.get(seq(m))));

            JsonObject history = history(pub, ch, null, null);
            assertThat(history.getJsonArray("messages")).as(history.toString()).isEmpty();

            try (WsClient back = connect("bob")) {
                JsonObject resubscribed = subscribe(back, ch, 2, epoch);
                assertThat(resubscribed.get("recovered")).as(resubscribed.toString()).isEqualTo(JsonValue.FALSE);
                assertThat(seq(resubscribed)).isEqualTo(5);
                assertThat(seq(publish(pub, ch, "live", "\"live\""))).isEqualTo(6);
                assertThat(seq(channelFrames(back, ch, 1).get(0))).isEqualTo(6);
            }
        }
    }

    @Test
    void retentionPrunesHistoryBeyondThePolicysMaxMessages() {
        String ch = "short." + channel("keep5");
        try (WsClient pub = connect("alice"); WsClient reader = connect("bob")) {
            Map<Long, String> acked = publishTagged(pub, ch, "r", 20, null);
            String epoch = history(reader, ch, null, 1).getString("epoch");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(seqs(history(reader, ch, null, null))).isEqualTo(range(16, 20)));
            history(reader, ch, null, null).getJsonArray("messages").getValuesAs(JsonObject.class)
                    .forEach(e -> assertThat(e.getString("data")).isEqualTo(acked.get(seq(e))));

            try (WsClient a = connect("alice")) {
                JsonObject pruned = subscribe(a, ch, 3, epoch);
                assertThat(pruned.get("recovered")).as(pruned.toString()).isEqualTo(JsonValue.FALSE);
                assertThat(seq(pruned)).isEqualTo(20);
            }
            try (WsClient a = connect("alice")) {
                JsonObject justPruned = subscribe(a, ch, 14, epoch);
                assertThat(justPruned.get("recovered")).as("message 15 is gone: " + justPruned).isEqualTo(JsonValue.FALSE);
            }
            try (WsClient a = connect("alice")) {
                JsonObject kept = subscribe(a, ch, 15, epoch);
                assertThat(kept.get("recovered")).as("16..20 are all kept: " + kept).isEqualTo(JsonValue.TRUE);
                List<JsonObject> got = channelFrames(a, ch, 5);
                assertContiguous(got, 16);
            }
        }
    }

    @Test
    void retentionAppliesEachPolicyEntryOnlyToTheChannelsItGoverns() {
        String underscore = "sh_rt." + channel("u"); // keeps 5
        String lookalike = "shxrt." + channel("u"); // '_' is no wildcard: the default keeps 1000
        String longer = "short.long." + channel("l"); // keeps 1000, inside short.* (5)
        try (WsClient pub = connect("alice"); WsClient reader = connect("bob")) {
            publishTagged(pub, lookalike, "x", 20, null);
            publishTagged(pub, longer, "l", 20, null);
            publishTagged(pub, underscore, "u", 20, null);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(seqs(history(reader, underscore, null, null))).isEqualTo(range(16, 20)));
            // Pruned again by a run that began after all of the above was stored.
            publishTagged(pub, underscore, "v", 5, null);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(seqs(history(reader, underscore, null, null))).isEqualTo(range(21, 25)));

            assertThat(seqs(history(reader, lookalike, null, null))).isEqualTo(range(1, 20));
            assertThat(seqs(history(reader, longer, null, null))).isEqualTo(range(1, 20));
        }
    }

    // ---------------------------------------------------------------- deletion

    @Test
    void aModeratorDeletesAMessageOverHttpAndSubscribersHistoryAndRecoveryShowIt() {
        String ch = channel("delete");
        try (WsClient sub = connect("alice"); WsClient pub = connect("bob")) {
            String epoch = epochOf(subscribe(sub, ch));
            Map<Long, String> acked = publishTagged(pub, ch, "d", 5, null);
            assertContiguous(channelFrames(sub, ch, 5), 1);

            HttpResponse<String> deleted = delete(ch, 3, Login.shared(ws, "mod"));
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

            JsonObject notice = channelFrames(sub, ch, 1).get(0);
            assertThat(notice.getString("type")).as(notice.toString()).isEqualTo("deleted");
            assertThat(notice.getString("channel")).isEqualTo(ch);
            assertThat(seq(notice)).isEqualTo(3);

            List<JsonObject> history = entries(history(pub, ch, null, null));
            assertThat(history).extracting(DurableChannelIT::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
            JsonObject gone = history.get(2);
            assertThat(gone.get("deleted")).as(gone.toString()).isEqualTo(JsonValue.TRUE);
            assertThat(gone.containsKey("data")).as(gone.toString()).isFalse();
            assertThat(gone.getString("from")).isEqualTo("bob");
            assertThat(gone.getJsonNumber("ts").longValue()).isGreaterThan(1_700_000_000_000L);
            for (JsonObject kept : List.of(history.get(0), history.get(1), history.get(3), history.get(4))) {
                assertThat(kept.getString("data")).isEqualTo(acked.get(seq(kept)));
                assertThat(kept.containsKey("deleted")).isFalse();
            }

            // A recovery spanning it gets a deleted frame in its place.
            try (WsClient back = connect("mod")) {
                JsonObject recovered = subscribe(back, ch, 1, epoch);
                assertThat(recovered.get("recovered")).as(recovered.toString()).isEqualTo(JsonValue.TRUE);
                assertThat(seq(recovered)).isEqualTo(5);
                List<JsonObject> got = channelFrames(back, ch, 4);
                assertContiguous(got, 2);
                assertThat(got).extracting(f -> f.getString("type")).containsExactly("message", "deleted", "message", "message");
                assertThat(got.get(1).containsKey("data")).isFalse();
                assertThat(seq(publish(pub, ch, "after", "\"after\""))).isEqualTo(6);
                assertThat(seq(channelFrames(back, ch, 1).get(0))).isEqualTo(6);
            }

            HttpResponse<String> byUser = delete(ch, 4, Login.shared(ws, "alice"));
            assertThat(byUser.statusCode()).as(byUser.body()).isEqualTo(403);
            assertJsonError(byUser, "forbidden");
            assertThat(entries(history(pub, ch, 5L, 1)).get(0).getString("data"))
                    .as("a refused delete changes nothing").isEqualTo(acked.get(4L));

            HttpResponse<String> anonymous = delete(ch, 4, Login.anonymous(ws));
            assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
            assertJsonError(anonymous, "unauthorized");

            HttpResponse<String> unknown = delete(ch, 999, Login.shared(ws, "mod"));
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
            assertJsonError(unknown, "not_found");
        }
    }

    // ---------------------------------------------------------------- helpers

    private WsClient connect(String user) {
        return WsClient.connect(ws, Login.shared(ws, user));
    }

    /** A channel name no other test (or earlier run on a shared database) uses. */
    static String channel(String prefix) {
        return prefix + "." + Long.toString(System.nanoTime(), 36) + "-" + COUNTER.incrementAndGet();
    }

    /** Sends {@code request} with a fresh id and returns the reply carrying that id. */
    static JsonObject call(WsClient c, JsonObjectBuilder request) {
        String id = "r" + COUNTER.incrementAndGet();
        c.send(request.add("id", id).build().toString());
        return c.next(f -> id.equals(f.getString("id", "")));
    }

    static JsonObject subscribe(WsClient c, String ch) {
        return expectType(call(c, Json.createObjectBuilder().add("type", "subscribe").add("channel", ch)), "subscribed");
    }

    static JsonObject subscribe(WsClient c, String ch, long sinceSeq, String sinceEpoch) {
        return expectType(call(c, Json.createObjectBuilder().add("type", "subscribe").add("channel", ch)
                .add("since", Json.createObjectBuilder().add("seq", sinceSeq).add("epoch", sinceEpoch))), "subscribed");
    }

    /** Publishes and returns the ack. {@code data} is JSON text. */
    static JsonObject publish(WsClient c, String ch, String id, String data) {
        c.send("{\"type\":\"publish\",\"channel\":\"" + ch + "\",\"data\":" + data + ",\"id\":\"" + id + "\"}");
        JsonObject reply = c.next(f -> id.equals(f.getString("id", "")));
        return expectType(reply, "ack");
    }

    /**
     * Publishes {@code count} messages whose data and id are {@code tag + i}, at most
     * {@link #WINDOW} unacknowledged at a time, and returns seq to data in the order sent.
     * {@code firstAck}, when given, is counted down once the first ack arrives.
     */
    static LinkedHashMap<Long, String> publishTagged(WsClient c, String ch, String tag, int count, CountDownLatch firstAck) {
        long[] seqs = new long[count];
        int sent = 0;
        int acked = 0;
        while (acked < count) {
            while (sent < count && sent - acked < WINDOW) {
                c.send("{\"type\":\"publish\",\"channel\":\"" + ch + "\",\"data\":\"" + tag + sent + "\",\"id\":\"" + tag + sent + "\"}");
                sent++;
            }
            JsonObject ack = c.expect("ack");
            String id = ack.getString("id", "");
            assertThat(id).as(ack.toString()).startsWith(tag);
            seqs[Integer.parseInt(id.substring(tag.length()))] = seq(ack);
            acked++;
            if (acked == 1 && firstAck != null) {
                firstAck.countDown();
            }
        }
        LinkedHashMap<Long, String> bySeq = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            assertThat(bySeq.put(seqs[i], tag + i)).as("seq %d acked twice", seqs[i]).isNull();
        }
        return bySeq;
    }

    static JsonObjectBuilder historyRequest(String ch) {
        return Json.createObjectBuilder().add("type", "history").add("channel", ch);
    }

    static JsonObject history(WsClient c, String ch, Long before, Integer limit) {
        JsonObjectBuilder request = historyRequest(ch);
        if (before != null) {
            request.add("before", before);
        }
        if (limit != null) {
            request.add("limit", limit);
        }
        JsonObject reply = expectType(call(c, request), "history");
        assertThat(reply.getString("channel")).isEqualTo(ch);
        return reply;
    }

    static List<JsonObject> entries(JsonObject history) {
        return history.getJsonArray("messages").getValuesAs(JsonObject.class);
    }

    static List<Long> seqs(JsonObject history) {
        return entries(history).stream().map(DurableChannelIT::seq).toList();
    }

    /** The next {@code count} message and deleted frames of {@code ch}, skipping everything else. */
    static List<JsonObject> channelFrames(WsClient c, String ch, int count) {
        List<JsonObject> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            got.add(c.next(f -> ch.equals(f.getString("channel", ""))
                    && ("message".equals(f.getString("type", "")) || "deleted".equals(f.getString("type", "")))));
        }
        return got;
    }

    static void assertContiguous(List<JsonObject> frames, long first) {
        List<Long> seqs = frames.stream().map(DurableChannelIT::seq).toList();
        assertThat(seqs).as("seqs from %d with no gap or duplicate", first)
                .isEqualTo(range(first, first + frames.size() - 1));
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    static long seq(JsonObject frame) {
        JsonValue seq = frame.get("seq");
        assertThat(seq).as("a numeric seq in %s", frame).isInstanceOf(JsonNumber.class);
        return ((JsonNumber) seq).longValueExact();
    }

    static String epochOf(JsonObject subscribed) {
        assertThat(subscribed.get("epoch")).as("a string epoch in %s", subscribed).isInstanceOf(JsonString.class);
        String epoch = subscribed.getString("epoch");
        assertThat(epoch).isNotEmpty();
        return epoch;
    }

    static JsonObject expectType(JsonObject frame, String type) {
        assertThat(frame.getString("type")).as(frame.toString()).isEqualTo(type);
        return frame;
    }

    static void assertError(JsonObject frame, String code) {
        assertThat(frame.getString("type")).as(frame.toString()).isEqualTo("error");
        assertThat(frame.getString("code")).as(frame.toString()).isEqualTo(code);
        assertThat(frame.getString("message", "")).isNotBlank();
    }

    private HttpResponse<String> delete(String ch, long seq, Login.Credentials as) {
        return Login.send(ws, "/api/channels/" + ch + "/messages/" + seq, as, HttpRequest.BodyPublishers.noBody(), "DELETE");
    }

    static void assertJsonError(HttpResponse<String> response, String code) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(body.getString("error", null)).as(response.body()).isEqualTo(code);
        assertThat(body.getString("message", "")).as(response.body()).isNotBlank();
    }
}
