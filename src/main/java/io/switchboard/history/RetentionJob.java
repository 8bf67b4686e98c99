package io.switchboard.history;

import io.switchboard.config.ChannelPolicy;
import io.switchboard.config.ChannelSettings;
import io.switchboard.config.PrefixTable;
import io.switchboard.persistence.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes history beyond each channel's policy: more than {@code max-messages} behind its last
 * seq, or older than {@code max-age}. Ephemeral channels keep none. Works per policy entry, in
 * statements that each delete at most a batch, however many channels there are. Pruning only
 * ever removes the oldest messages, so what is left stays continuous and recovery can tell what
 * is missing.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class.getName());

    @Inject
    ScheduledExecutorService scheduler;

    @Inject
    MessageStore store;

    @Inject
    ChannelSettings settings;

    private ScheduledFuture<?> runs;
    // Set when the application stops: a run under way then ends at its next batch, and its
    // failure on the store closing under it is the stop's doing, not a fault to warn about.
    private volatile boolean stopped;

    void start(@Observes SchemaReady ready) {
        long period = settings.retentionInterval().toMillis();
        runs = scheduler.scheduleWithFixedDelay(this::prune, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (runs != null) {
            runs.cancel(false);
        }
    }

    void prune() {
        try {
            long now = System.currentTimeMillis();
            int batch = settings.retentionBatchSize();
            long deleted = 0;
            for (PrefixTable.Scope<ChannelPolicy> scope : settings.policyScopes()) {
                if (stopped) {
                    break;
                }
                ChannelPolicy policy = scope.value();
                // Every message is at or below its channel's last seq: keeping 0 behind it keeps none.
                long keep = policy.durable() ? policy.maxMessages() : 0;
                long olderThan = now - policy.maxAge().toMillis();
                String from = null;
                do {
                    MessageStore.Pruned step = store.prune(scope, keep, olderThan, from, batch);
                    deleted += step.deleted();
                    from = step.next();
                } while (from != null && !stopped);
            }
            if (deleted > 0) {
                long n = deleted;
                LOG.fine(() -> "retention deleted " + n + " messages");
            }
        } catch (RuntimeException e) {
            if (stopped) {
                LOG.log(Level.FINE, "retention run cut short by the application's stop", e);
            } else {
                LOG.log(Level.WARNING, "retention run failed; trying again next time", e);
            }
        }
    }
}
