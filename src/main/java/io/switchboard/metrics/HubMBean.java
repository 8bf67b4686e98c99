package io.switchboard.metrics;

import java.util.Map;
import java.util.TreeMap;

/** {@link HubMXBean} over a {@link HubStats}; each attribute read takes a fresh snapshot. */
final class HubMBean implements HubMXBean {

    private final HubStats stats;

    HubMBean(HubStats stats) {
        this.stats = stats;
    }

    @Override
    public int getConnections() {
        return stats.snapshot().connections();
    }

    @Override
    public long getMessagesReceived() {
        return stats.snapshot().messagesReceived();
    }

    @Override
    public long getMessagesSent() {
        return stats.snapshot().messagesSent();
    }

    @Override
    public double getLatencyP50Seconds() {
        return stats.snapshot().latencyP50Seconds();
    }

    @Override
    public double getLatencyP99Seconds() {
        return stats.snapshot().latencyP99Seconds();
    }

    @Override
    public long getSlowConsumerCloses() {
        return stats.snapshot().slowConsumerCloses();
    }

    @Override
    public long getRateLimitedFrames() {
        return stats.snapshot().rateLimitedFrames();
    }

    @Override
    public Map<String, Long> getErrorsByCode() {
        return stats.snapshot().errorsByCode();
    }

    @Override
    public Map<String, Long> getClosesByCode() {
        Map<String, Long> byCode = new TreeMap<>();
        stats.snapshot().closesByCode().forEach((code, n) ->
                byCode.put(HubStats.closeCodeLabel(code), n));
        return byCode;
    }

    @Override
    public Map<String, Long> getHandshakeRefusalsByReason() {
        return stats.snapshot().handshakeRefusalsByReason();
    }
}
