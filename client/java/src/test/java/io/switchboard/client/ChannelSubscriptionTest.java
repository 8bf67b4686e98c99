package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelSubscriptionTest {

    private final ChannelSubscription sub = new ChannelSubscription("lobby", e -> { }, null);

    private static ServerFrame.Subscribed subscribed(long seq, String epoch, Boolean recovered) {
        return new ServerFrame.Subscribed("lobby", seq, epoch, List.of("alice"), recovered, "s");
    }

    @Test
    void aFirstSubscribeHasNoSince() {
        JsonObject frame = sub.subscribeFrame("s1", 0);
        assertThat(frame.toString()).isEqualTo("{\"type\":\"subscribe\",\"channel\":\"lobby\",\"id\":\"s1\"}");
        ChannelSubscription.Outcome outcome = sub.onSubscribed(subscribed(5, "e1", null));
        assertThat(outcome.resumed()).isFalse();
        assertThat(outcome.lost()).isNull();
        assertThat(sub.position()).isEqualTo(new Position(5, "e1"));
    }

    @Test
    void messagesCountOnlyOnceLiveAndAboveTheLastSeq() {
        sub.subscribeFrame("s1", 0);
        assertThat(sub.isNew(6)).as("before subscribed: left-overs of an earlier subscription").isFalse();
        sub.onSubscribed(subscribed(5, "e1", null));
        assertThat(sub.isNew(5)).isFalse();
        assertThat(sub.isNew(6)).isTrue();
        sub.handled(6);
        assertThat(sub.isNew(6)).as("a duplicate").isFalse();
        assertThat(sub.isNew(7)).isTrue();
    }

    @Test
    void aReconnectResumesWithTheHighestSeqHandledAndTheEpoch() {
        sub.subscribeFrame("s1", 0);
        sub.onSubscribed(subscribed(5, "e1", null));
        sub.handled(6);
        sub.handled(7);
        sub.connectionGone();
        assertThat(sub.live()).isFalse();
        assertThat(sub.isNew(8)).as("not live until the next subscribed").isFalse();
        assertThat(sub.subscribeFrame("s2", 0).toString()).isEqualTo(
                "{\"type\":\"subscribe\",\"channel\":\"lobby\",\"since\":{\"seq\":7,\"epoch\":\"e1\"},\"id\":\"s2\"}");
    }

    @Test
    void aRecoveredResumeKeepsTheSeqSoTheMissedMessagesFollow() {
        sub.subscribeFrame("s1", 0);
        sub.onSubscribed(subscribed(5, "e1", null));
        sub.handled(7);
        sub.connectionGone();
        sub.subscribeFrame("s2", 0);
        ChannelSubscription.Outcome outcome = sub.onSubscribed(subscribed(12, "e1", true));
        assertThat(outcome.resumed()).isTrue();
        assertThat(outcome.recovered()).isTrue();
        assertThat(outcome.lost()).isNull();
        assertThat(sub.isNew(8)).isTrue();
        assertThat(sub.position()).isEqualTo(new Position(7, "e1"));
    }

    @Test
    void recoveredFalseReportsTheLossAndCarriesOnFromTheNewSeq() {
        sub.subscribeFrame("s1", 0);
        sub.onSubscribed(subscribed(5, "e1", null));
        sub.connectionGone();
        sub.subscribeFrame("s2", 0);
        ChannelSubscription.Outcome outcome = sub.onSubscribed(subscribed(2000, "e1", false));
        assertThat(outcome.lost()).isEqualTo(new RecoveryLost("lobby", new Position(5, "e1"), 2000, "e1"));
        assertThat(sub.isNew(2000)).isFalse();
        assertThat(sub.isNew(2001)).isTrue();
    }

    @Test
    void aNewEpochIsALossEvenIfMarkedRecovered() {
        sub.subscribeFrame("s1", 0);
        sub.onSubscribed(subscribed(5, "e1", null));
        sub.connectionGone();
        sub.subscribeFrame("s2", 0);
        ChannelSubscription.Outcome outcome = sub.onSubscribed(subscribed(3, "e2", true));
        assertThat(outcome.lost()).isNotNull();
        assertThat(sub.position()).isEqualTo(new Position(3, "e2"));
    }

    @Test
    void aSavedPositionIsResumedFromTheFirstSubscribe() {
        ChannelSubscription resumed = new ChannelSubscription("lobby", e -> { }, new Position(40, "e9"));
        assertThat(resumed.subscribeFrame("s1", 0).getJsonObject("since").toString())
                .isEqualTo("{\"seq\":40,\"epoch\":\"e9\"}");
    }

    @Test
    void presenceFollowsSubscribedThenJoinsAndLeaves() {
        sub.subscribeFrame("s1", 0);
        sub.onSubscribed(subscribed(0, "e1", null));
        sub.presence(new ServerFrame.Presence("lobby", "bob", true));
        assertThat(sub.presence()).containsExactly("alice", "bob");
        sub.presence(new ServerFrame.Presence("lobby", "alice", false));
        assertThat(sub.presence()).containsExactly("bob");
    }
}
