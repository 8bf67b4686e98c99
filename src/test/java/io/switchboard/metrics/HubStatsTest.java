package io.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.protocol.ErrorCode;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HubStatsTest {

    private final LocalMeters meters = new LocalMeters();
    private final AtomicInteger open = new AtomicInteger();
    private final HubStats stats = new HubStats(meters, open::get);

    @Test
    void untaggedMetricsExistFromTheStart() {
        assertThat(meters.counters).containsKeys("switchboard_messages_received", "switchboard_messages_sent",
                "switchboard_rate_limited_frames", "switchboard_slow_consumer_closes");
        assertThat(meters.gauges).containsKey("switchboard_connections");
        StatsSnapshot s = stats.snapshot();
        assertThat(s.messagesReceived()).isZero();
        assertThat(s.errorsByCode()).isEmpty();
        assertThat(s.latencyP99Seconds()).isZero();
    }

    @Test
    void snapshotAndExportedCountersAreTheSameNumbers() {
        open.set(3);
        stats.frameReceived();
        stats.frameReceived();
        stats.framesSent(5);
        stats.frameRateLimited();
        stats.errorSent(ErrorCode.BAD_JSON);
        stats.errorSent(ErrorCode.BAD_JSON);
        stats.errorSent(ErrorCode.FORBIDDEN);
        stats.handshakeRefused("unauthorized");

        StatsSnapshot s = stats.snapshot();
        assertThat(s.connections()).isEqualTo(3);
        assertThat(meters.gauge("switchboard_connections")).isEqualTo(3);
        assertThat(s.messagesReceived()).isEqualTo(2).isEqualTo(meters.count("switchboard_messages_received"));
        assertThat(s.messagesSent()).isEqualTo(5).isEqualTo(meters.count("switchboard_messages_sent"));
        assertThat(s.rateLimitedFrames()).isEqualTo(1);
        assertThat(s.errorsByCode()).containsExactly(java.util.Map.entry("bad_json", 2L), java.util.Map.entry("forbidden", 1L));
        assertThat(meters.count("switchboard_errors{code=bad_json}")).isEqualTo(2);
        assertThat(s.handshakeRefusalsByReason()).containsExactly(java.util.Map.entry("unauthorized", 1L));
        assertThat(meters.count("switchboard_handshake_refusals{reason=unauthorized}")).isEqualTo(1);
    }

    @Test
    void closesAreCountedByCodeAndA1013OfTheServersIsASlowConsumer() {
        stats.closed(1013, true);
        stats.closed(1013, false); // a client may send 1013 too; that is no slow consumer of ours
        stats.closed(4003, true);
        stats.closed(1000, false);

        StatsSnapshot s = stats.snapshot();
        assertThat(s.closesByCode()).containsEntry(1013, 2L).containsEntry(4003, 1L).containsEntry(1000, 1L);
        assertThat(s.slowConsumerCloses()).isEqualTo(1);
        assertThat(meters.count("switchboard_closes{code=4003}")).isEqualTo(1);
        assertThat(meters.count("switchboard_slow_consumer_closes")).isEqualTo(1);
    }

    @Test
    void closeCodesAClientMadeUpShareOneSeries() {
        stats.closed(4321, false);
        stats.closed(3999, false);
        stats.closed(65535, false);

        assertThat(stats.snapshot().closesByCode()).containsExactly(java.util.Map.entry(HubStats.OTHER_CLOSE_CODE, 3L));
        assertThat(meters.count("switchboard_closes{code=other}")).isEqualTo(3);
    }

    @Test
    void latencyPercentilesCoverTheRecentDeliveries() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 99; i++) {
            stats.messageWritten(now - 20, now);
        }
        stats.messageWritten(now - 2_000, now);

        StatsSnapshot s = stats.snapshot();
        assertThat(s.latencyP50Seconds()).isCloseTo(0.020, within(0.004));
        assertThat(s.latencyP99Seconds()).isCloseTo(0.020, within(0.004));
        assertThat(s.latencyP50Seconds()).isLessThan(s.latencyP99Seconds() + 1e-9);
    }

    @Test
    void latencyIsExportedAsASummaryOfGauges() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 9; i++) {
            stats.messageWritten(now - 10, now);
        }
        stats.messageWritten(now - 1_000, now);

        assertThat(meters.gauge("switchboard_message_latency_seconds{quantile=0.5}")).isCloseTo(0.010, within(0.002));
        assertThat(meters.gauge("switchboard_message_latency_seconds{quantile=0.9}")).isCloseTo(0.010, within(0.002));
        assertThat(meters.gauge("switchboard_message_latency_seconds{quantile=0.99}")).isCloseTo(1.0, within(0.15));
        assertThat(meters.gauge("switchboard_message_latency_seconds_count")).isEqualTo(10);
        assertThat(meters.gauge("switchboard_message_latency_seconds_sum")).isCloseTo(1.090, within(1e-9));
    }

    @Test
    void aClockBehindThePublishersCountsAsZeroLatency() {
        long now = System.currentTimeMillis();
        stats.messageWritten(now + 3_000, now);
        assertThat(stats.snapshot().latencyP99Seconds()).isLessThan(0.001);
    }
}
