package io.switchboard.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hub's figures at one instant. Counts are totals since the application started (a reader
 * computes rates from two snapshots); the latency percentiles cover the recent window only (0 when
 * nothing was delivered in it). {@code closesByCode} counts under 0 the closes whose code a client
 * chose outside RFC 6455's 1000-1015 and the server's own codes.
 */
public record StatsSnapshot(long atMillis, int connections, long messagesReceived, long messagesSent,
        double latencyP50Seconds, double latencyP99Seconds, long slowConsumerCloses, long rateLimitedFrames,
        Map<String, Long> errorsByCode, Map<Integer, Long> closesByCode, Map<String, Long> handshakeRefusalsByReason) {

    public StatsSnapshot {
        errorsByCode = sorted(errorsByCode);
        closesByCode = sorted(closesByCode);
        handshakeRefusalsByReason = sorted(handshakeRefusalsByReason);
    }

    private static <K> Map<K, Long> sorted(Map<K, Long> counts) {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }
}
