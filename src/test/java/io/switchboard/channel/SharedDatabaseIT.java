package io.switchboard.channel;

import static io.switchboard.channel.DurableChannelIT.channel;
import static io.switchboard.channel.DurableChannelIT.channelFrames;
import static io.switchboard.channel.DurableChannelIT.epochOf;
import static io.switchboard.channel.DurableChannelIT.entries;
import static io.switchboard.channel.DurableChannelIT.history;
import static io.switchboard.channel.DurableChannelIT.publishTagged;
import static io.switchboard.channel.DurableChannelIT.publish;
import static io.switchboard.channel.DurableChannelIT.range;
import static io.switchboard.channel.DurableChannelIT.seq;
import static io.switchboard.channel.DurableChannelIT.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.Login;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL database publishing to the same channel at once: every seq is
 * assigned once and none is skipped; and both tell the same epoch for a channel nobody has
 * published to yet. Runs in the PostgreSQL pass only (an embedded database belongs to one process).
 */
class SharedDatabaseIT {

    private static final int EACH = 200;

    @Test
    void twoInstancesPublishingToOneChannelNeverShareOrSkipASeq() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("switchboard.test.db")), "needs -Dswitchboard.test.db=postgresql");
        String ch = channel("shared");
        try (MicroServer a = MicroServer.start("shared-db-a", Map.of());
             MicroServer b = MicroServer.start("shared-db-b", Map.of())) {
            List<URI> servers = List.of(a.wsUri(), b.wsUri(), a.wsUri(), b.wsUri());
            String[] users = {"alice", "bob", "mod", "admin"};
            ExecutorService pool = Executors.newFixedThreadPool(servers.size());
            Map<Long, String> acked = new HashMap<>();
            try {
                List<Future<LinkedHashMap<Long, String>>> futures = new ArrayList<>();
                for (int i = 0; i < servers.size(); i++) {
                    URI ws = servers.get(i);
                    Login.Credentials as = Login.fresh(ws, users[i], Login.DEMO_PASSWORD);
                    String tag = "p" + i + "-";
                    futures.add(pool.submit(() -> {
                        try (WsClient c = WsClient.connect(ws, as)) {
                            return publishTagged(c, ch, tag, EACH, null);
                        }
                    }));
                }
                for (Future<LinkedHashMap<Long, String>> f : futures) {
                    LinkedHashMap<Long, String> mine = f.get(120, TimeUnit.SECONDS);
                    assertThat(new ArrayList<>(mine.keySet())).as("one publisher's acks").isSorted();
                    mine.forEach((seq, data) -> assertThat(acked.put(seq, data)).as("seq %d acked twice", seq).isNull());
                }
            } finally {
                pool.shutdownNow();
            }
            int total = EACH * servers.size();
            assertThat(acked.keySet()).containsExactlyInAnyOrderElementsOf(range(1, total));

            // Either instance's history holds every message under the seq its publisher was told.
            URI ws = b.wsUri();
            try (WsClient reader = WsClient.connect(ws, Login.fresh(ws, "bob", Login.DEMO_PASSWORD))) {
                Long before = null;
                List<JsonObject> all = new ArrayList<>();
                while (all.size() < total) {
                    List<JsonObject> page = entries(history(reader, ch, before, 100));
                    assertThat(page).isNotEmpty();
                    all.addAll(0, page);
                    before = seq(page.get(0));
                }
                assertThat(all).extracting(DurableChannelIT::seq).isEqualTo(range(1, total));
                for (JsonObject m : all) {
                    assertThat(m.getString("data")).as("seq %d", seq(m)).isEqualTo(acked.get(seq(m)));
                }
            }
        }
    }

    @Test
    void everyInstanceTellsTheSameEpochBeforeTheFirstPublishAndThePublishKeepsIt() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("switchboard.test.db")), "needs -Dswitchboard.test.db=postgresql");
        String ch = channel("first-epoch");
        try (MicroServer a = MicroServer.start("first-epoch-a", Map.of());
             MicroServer b = MicroServer.start("first-epoch-b", Map.of())) {
            URI wsA = a.wsUri();
            URI wsB = b.wsUri();
            try (WsClient onA = WsClient.connect(wsA, Login.fresh(wsA, "alice", Login.DEMO_PASSWORD));
                 WsClient onB = WsClient.connect(wsB, Login.fresh(wsB, "bob", Login.DEMO_PASSWORD))) {
                JsonObject subscribedOnA = subscribe(onA, ch);
                JsonObject subscribedOnB = subscribe(onB, ch);
                assertThat(seq(subscribedOnA)).isZero();
                assertThat(epochOf(subscribedOnB)).isEqualTo(epochOf(subscribedOnA));
                String epoch = epochOf(subscribedOnA);

                assertThat(seq(publish(onB, ch, "m1", "\"first\""))).isEqualTo(1);
                assertThat(history(onA, ch, null, null).getString("epoch")).isEqualTo(epoch);
                try (WsClient back = WsClient.connect(wsB, Login.fresh(wsB, "mod", Login.DEMO_PASSWORD))) {
                    JsonObject recovered = subscribe(back, ch, 0, epoch);
                    assertThat(recovered.get("recovered")).as(recovered.toString()).isEqualTo(JsonValue.TRUE);
                    assertThat(channelFrames(back, ch, 1).get(0).getString("data")).isEqualTo("first");
                }
            }
        }
    }
}
