package io.switchboard.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/** The configured values of every {@link Setting}, read and checked once at startup. */
@ApplicationScoped
public class Settings {

    @Inject
    Config config;

    private int maxMessageBytes;
    private int maxJsonDepth;
    private int maxSubscriptions;
    private long outboundMaxBytes;
    private int outboundBatchMaxBytes;
    private Duration closeTimeout;
    private Duration heartbeatInterval;
    private Duration heartbeatTimeout;
    private Duration shutdownDrain;

    @PostConstruct
    void read() {
        maxMessageBytes = Setting.MAX_MESSAGE_BYTES.intValue(config);
        maxJsonDepth = Setting.MAX_JSON_DEPTH.intValue(config);
        maxSubscriptions = Setting.MAX_SUBSCRIPTIONS.intValue(config);
        outboundMaxBytes = Setting.OUTBOUND_MAX_BYTES.longValue(config);
        outboundBatchMaxBytes = Setting.OUTBOUND_BATCH_MAX_BYTES.intValue(config);
        closeTimeout = Setting.CLOSE_TIMEOUT.durationValue(config);
        heartbeatInterval = Setting.HEARTBEAT_INTERVAL.durationValue(config);
        heartbeatTimeout = Setting.HEARTBEAT_TIMEOUT.durationValue(config);
        shutdownDrain = Duration.ofSeconds(Setting.SHUTDOWN_DRAIN_SECONDS.longValue(config));
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public int maxJsonDepth() {
        return maxJsonDepth;
    }

    public int maxSubscriptions() {
        return maxSubscriptions;
    }

    public long outboundMaxBytes() {
        return outboundMaxBytes;
    }

    public int outboundBatchMaxBytes() {
        return outboundBatchMaxBytes;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    public Duration shutdownDrain() {
        return shutdownDrain;
    }
}
