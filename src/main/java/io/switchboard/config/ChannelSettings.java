package io.switchboard.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/** The channel settings, read and checked once at startup. */
@ApplicationScoped
public class ChannelSettings {

    @Inject
    Config config;

    private PrefixTable<ChannelPolicy> policies;
    private Duration dedupWindow;
    private int recoveryMaxMessages;
    private int historyMaxLimit;
    private int channelsListMaxLimit;
    private int publishMaxPending;
    private int publishMaxBatch;
    private int publishBatchesPerTurn;
    private int maxPendingRequests;
    private int requestsPerTurn;
    private Duration retentionInterval;
    private int retentionBatchSize;

    @PostConstruct
    void read() {
        String spec = Setting.CHANNEL_POLICIES.stringValue(config);
        try {
            policies = ChannelPolicy.table(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Setting.CHANNEL_POLICIES.key() + ": " + e.getMessage(), e);
        }
        dedupWindow = Setting.DEDUP_WINDOW.durationValue(config);
        recoveryMaxMessages = Setting.RECOVERY_MAX_MESSAGES.intValue(config);
        historyMaxLimit = Setting.HISTORY_MAX_LIMIT.intValue(config);
        channelsListMaxLimit = Setting.CHANNELS_LIST_MAX_LIMIT.intValue(config);
        publishMaxPending = Setting.PUBLISH_MAX_PENDING.intValue(config);
        publishMaxBatch = Setting.PUBLISH_MAX_BATCH.intValue(config);
        publishBatchesPerTurn = Setting.PUBLISH_BATCHES_PER_TURN.intValue(config);
        maxPendingRequests = Setting.CONNECTION_MAX_PENDING.intValue(config);
        requestsPerTurn = Setting.CONNECTION_REQUESTS_PER_TURN.intValue(config);
        retentionInterval = Setting.RETENTION_INTERVAL.durationValue(config);
        retentionBatchSize = Setting.RETENTION_BATCH_SIZE.intValue(config);
    }

    public ChannelPolicy policy(String channel) {
        return policies.lookup(channel);
    }

    /** Each policy entry with the channels it governs, for the retention job. */
    public List<PrefixTable.Scope<ChannelPolicy>> policyScopes() {
        return policies.scopes();
    }

    public Duration dedupWindow() {
        return dedupWindow;
    }

    public int recoveryMaxMessages() {
        return recoveryMaxMessages;
    }

    public int historyMaxLimit() {
        return historyMaxLimit;
    }

    public int channelsListMaxLimit() {
        return channelsListMaxLimit;
    }

    public int publishMaxPending() {
        return publishMaxPending;
    }

    public int publishMaxBatch() {
        return publishMaxBatch;
    }

    public int publishBatchesPerTurn() {
        return publishBatchesPerTurn;
    }

    public int maxPendingRequests() {
        return maxPendingRequests;
    }

    public int requestsPerTurn() {
        return requestsPerTurn;
    }

    public Duration retentionInterval() {
        return retentionInterval;
    }

    public int retentionBatchSize() {
        return retentionBatchSize;
    }
}
