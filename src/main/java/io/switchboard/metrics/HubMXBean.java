package io.switchboard.metrics;

import java.util.Map;

/**
 * The hub's figures over JMX, as {@code io.switchboard:type=Hub}: the same numbers as
 * {@code /metrics}, for an operator whose tools (JConsole, VisualVM, a JMX exporter, Payara's
 * monitoring) read MBeans. Totals are since the application started.
 */
public interface HubMXBean {

    int getConnections();

    long getMessagesReceived();

    long getMessagesSent();

    /** Median publish-to-delivery latency over the last 10 seconds; 0 when nothing was delivered. */
    double getLatencyP50Seconds();

    double getLatencyP99Seconds();

    long getSlowConsumerCloses();

    long getRateLimitedFrames();

    /** By the error frame's {@code code}. */
    Map<String, Long> getErrorsByCode();

    /** By close code; {@code other} counts codes a client chose outside the known ones. */
    Map<String, Long> getClosesByCode();

    Map<String, Long> getHandshakeRefusalsByReason();
}
