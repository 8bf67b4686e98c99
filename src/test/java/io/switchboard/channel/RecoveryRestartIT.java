package io.switchboard.channel;

import static io.switchboard.channel.DurableChannelIT.assertContiguous;
import static io.switchboard.channel.DurableChannelIT.channel;
import static io.switchboard.channel.DurableChannelIT.channelFrames;
import static io.switchboard.channel.DurableChannelIT.epochOf;
import static io.switchboard.channel.DurableChannelIT.history;
import static io.switchboard.channel.DurableChannelIT.publish;
import static io.switchboard.channel.DurableChannelIT.publishTagged;
import static io.switchboard.channel.DurableChannelIT.range;
import static io.switchboard.channel.DurableChannelIT.seq;
import static io.switchboard.channel.DurableChannelIT.seqs;
import static io.switchboard.channel.DurableChannelIT.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Login;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Durability across a restart: what was acked before the server stopped is recovered after it
 * starts again on the same data directory, in the same epoch, and numbering goes on. Runs its own
 * Payara Micro process (twice), since it has to stop it.
 */
class RecoveryRestartIT {

    private static final String POLICY_TAIL = ",max-messages=1000,max-age=24h,presence=true";

    @Test
    void aClientRecoversEveryMessageItMissedAcrossARestartAndNumberingGoesOn() throws Exception {
        // Settings given here win over the test defaults, so both starts share the data directory.
        Map<String, String> settings = Map.of(
                "switchboard.data-dir", Path.of("target", "it-data", "recovery-restart-" + System.nanoTime())
                        .toAbsolutePath().toString(),
                "switchboard.shutdown.drain-seconds", "2",
                "switchboard.channel-policies", "eph.*:durable=false" + POLICY_TAIL + ";*:durable=true" + POLICY_TAIL);
        String ch = channel("restart");
        String ephemeral = "eph." + channel("restart");
        Map<Long, String> acked = new HashMap<>();
        String epoch;
        long handled;

        try (MicroServer first = MicroServer.start("recovery-restart-1", settings)) {
            URI ws = first.wsUri();
            try (WsClient pub = WsClient.connect(ws, Login.fresh(ws, "bob", Login.DEMO_PASSWORD))) {
                try (WsClient a = WsClient.connect(ws, Login.fresh(ws, "alice", Login.DEMO_PASSWORD))) {
                    JsonObject subscribed = subscribe(a, ch);
                    assertThat(seq(subscribed)).isZero();
                    epoch = epochOf(subscribed);
                    acked.putAll(publishTagged(pub, ch, "first-", 5, null));
                    List<JsonObject> got = channelFrames(a, ch, 5);
                    assertContiguous(got, 1);
                    handled = seq(got.get(4));
                }
                // Missed by the client, acked (so stored) before the server stops.
                acked.putAll(publishTagged(pub, ch, "missed-", 3, null));
                assertThat(publishTagged(pub, ephemeral, "e", 3, null).keySet()).containsExactly(1L, 2L, 3L);
            }
            first.terminate();
            assertThat(first.awaitExit(Duration.ofSeconds(60))).as("the first server stopped").isTrue();
        }

        try (MicroServer second = MicroServer.start("recovery-restart-2", settings)) {
            URI ws = second.wsUri();
            try (WsClient pub = WsClient.connect(ws, Login.fresh(ws, "bob", Login.DEMO_PASSWORD));
                 WsClient back = WsClient.connect(ws, Login.fresh(ws, "alice", Login.DEMO_PASSWORD))) {
                Map<Long, String> after = publishTagged(pub, ch, "after-", 3, null);
                assertThat(after.keySet()).as("numbering goes on after the restart").containsExactly(9L, 10L, 11L);
                acked.putAll(after);
                assertThat(seq(publish(pub, ephemeral, "e-after", "\"e-after\"")))
                        .as("an ephemeral channel's numbering is stored too").isEqualTo(4);

                JsonObject resubscribed = subscribe(back, ch, handled, epoch);

                assertThat(resubscribed.get("recovered")).as(resubscribed.toString()).isEqualTo(JsonValue.TRUE);
                assertThat(resubscribed.getString("epoch")).as("the same epoch after the restart").isEqualTo(epoch);
                assertThat(seq(resubscribed)).isEqualTo(11);
                List<JsonObject> got = channelFrames(back, ch, 6);
                assertContiguous(got, handled + 1);
                for (JsonObject m : got) {
                    assertThat(m.getString("type")).isEqualTo("message");
                    assertThat(m.getString("data")).as("seq %d", seq(m)).isEqualTo(acked.get(seq(m)));
                    assertThat(m.getString("from")).isEqualTo("bob");
                }
                assertThat(seq(publish(pub, ch, "live", "\"live\""))).isEqualTo(12);
                assertThat(seq(channelFrames(back, ch, 1).get(0))).isEqualTo(12);

                JsonObject all = history(pub, ch, null, null);
                assertThat(all.getString("epoch")).isEqualTo(epoch);
                assertThat(seqs(all)).isEqualTo(range(1, 12));
            }
        }
    }
}
