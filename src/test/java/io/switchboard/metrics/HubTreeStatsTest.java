package io.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.ErrorCode;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HubTreeStatsTest {

    private final AtomicInteger open = new AtomicInteger();
    private final HubStats stats = new HubStats(new LocalMeters(), open::get);
    private final HubTreeStats tree = new HubTreeStats(stats);

    @Test
    void eachReadShowsTheCountersAsTheyAreThen() {
        assertThat(tree.getClosesByCode().getCurrent()).isEmpty();
        open.set(3);
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

        assertThat(tree.getConnections().getCurrent()).isEqualTo(1);
        assertThat(tree.getConnections().getHighWaterMark()).isEqualTo(3);
        assertThat(tree.getMessagesReceived().getCount()).isEqualTo(2);
        assertThat(tree.getMessagesSent().getCount()).isEqualTo(5);
        assertThat(tree.getCloses().getCount()).isEqualTo(4);
        assertThat(tree.getClosesByCode().getCurrent()).isEqualTo("1000=2 1013=1 other=1");
        assertThat(tree.getSlowConsumerCloses().getCount()).isEqualTo(1);
        assertThat(tree.getErrorsByCode().getCurrent()).isEqualTo("invalid=1");
    }
}
