package io.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.ErrorCode;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HubTreeStatsTest {

    private final AtomicInteger open = new AtomicInteger();
    private final HubStats stats = new HubStats(new LocalMeters(), open::get);
    private final HubTreeStats tree = new HubTreeStats(0);

    @Test
    void aReadShowsTheCountersAsTheLastRefreshSawThem() {
        tree.refresh(stats.snapshot());
        assertThat(tree.getClosesByCode().getCurrent()).isEmpty();
        open.set(3);
        tree.refresh(stats.snapshot());
        assertThat(tree.getConnections().getCurrent()).isEqualTo(3);
        stats.frameReceived();
        stats.frameReceived();
        stats.framesSent(5);
        stats.closed(1000, false);
        stats.closed(1000, false);
        stats.closed(4123, false);
        stats.closed(1013, true);
        stats.errorSent(ErrorCode.INVALID);
        open.set(1);
        assertThat(tree.getMessagesReceived().getCount()).as("before the next refresh").isZero();

        tree.refresh(stats.snapshot());
        assertThat(tree.getConnections().getCurrent()).isEqualTo(1);
        assertThat(tree.getConnections().getHighWaterMark()).isEqualTo(3);
        assertThat(tree.getMessagesReceived().getCount()).isEqualTo(2);
        assertThat(tree.getMessagesSent().getCount()).isEqualTo(5);
        assertThat(tree.getCloses().getCount()).isEqualTo(4);
        assertThat(tree.getClosesByCode().getCurrent()).isEqualTo("1000=2 1013=1 other=1");
        assertThat(tree.getSlowConsumerCloses().getCount()).isEqualTo(1);
        assertThat(tree.getErrorsByCode().getCurrent()).isEqualTo("invalid=1");
    }

    @Test
    void ratesAreTheMessagesOfTheLastTenSecondsPerSecond() {
        tree.refresh(at(0, 0, 0));
        tree.refresh(at(1_000, 50, 100));
        assertThat(tree.getMessagesReceivedPerSecond().getCurrent()).isEqualTo(50);
        assertThat(tree.getMessagesSentPerSecond().getCurrent()).isEqualTo(100);
        for (int s = 2; s <= 10; s++) {
            tree.refresh(at(s * 1_000L, 50L * s, 100L * s));
        }
        assertThat(tree.getMessagesReceivedPerSecond().getCurrent()).isEqualTo(50);

        // a quiet stretch: the burst leaves the window second by second
        tree.refresh(at(20_000, 500, 1_000));
        assertThat(tree.getMessagesReceivedPerSecond().getCurrent()).isZero();
        assertThat(tree.getMessagesReceivedPerSecond().getHighWaterMark()).isEqualTo(50);
        tree.refresh(at(21_000, 530, 1_000));
        assertThat(tree.getMessagesReceivedPerSecond().getCurrent()).as("30 in the last second, over 1 s").isEqualTo(30);
    }

    private static StatsSnapshot at(long millis, long received, long sent) {
        return new StatsSnapshot(millis, 0, received, sent, 0, 0, 0, 0,
                java.util.Map.of(), java.util.Map.of(), java.util.Map.of());
    }
}
