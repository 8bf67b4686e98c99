package io.switchboard.cluster;

import io.switchboard.channel.LocalFanOut;
import io.switchboard.config.Setting;
import io.switchboard.history.ChannelRows;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Clustered: what the cluster events did not bring, read from the database. A lost event leaves a
 * gap that the channel's seq gate fills at the next message, but a lost last message has no next
 * one, and the events sent while an instance joins or leaves (a healing partition looks like both)
 * may all be lost. So every channel with subscribers here is caught up with the database
 * <ul>
 *   <li>after the cluster changed (checked every second), to its last seq then;</li>
 *   <li>every {@code switchboard.cluster.catch-up-interval}, to the last seq it had one interval
 *       earlier: a message committed that long ago has had time to arrive, and one still on its
 *       way costs no read.</li>
 * </ul>
 * One statement reads the last seqs of up to 500 channels; the reads run on the container's
 * scheduled threads, outside the channels' monitors.
 */
@ApplicationScoped
public class ChannelCatchUp {

    private static final Logger LOG = Logger.getLogger(ChannelCatchUp.class.getName());

    @Inject
    Membership membership;

    @Inject
    LocalFanOut channels;

    @Inject
    ChannelRows rows;

    @Inject
    Config config;

    @Inject
    ScheduledExecutorService scheduler;

    private final AtomicBoolean changed = new AtomicBoolean();
    private UUID watch;
    private ScheduledFuture<?> memberCheck;
    private ScheduledFuture<?> sweep;
    private Map<String, Long> seenLastSweep = Map.of();

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        membership.watch(() -> changed.set(true)).ifPresent(handle -> {
            watch = handle;
            memberCheck = scheduler.scheduleWithFixedDelay(this::catchUpIfChanged, 1, 1, TimeUnit.SECONDS);
            long interval = Setting.CLUSTER_CATCH_UP_INTERVAL.durationValue(config).toMillis();
            sweep = scheduler.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
        });
    }

    @PreDestroy
    void stop() {
        if (memberCheck != null) {
            memberCheck.cancel(false);
            sweep.cancel(false);
        }
        if (watch != null) {
            membership.stopWatching(watch);
        }
    }

    private void catchUpIfChanged() {
        if (!changed.getAndSet(false)) {
            return;
        }
        try {
            channels.catchUp(rows.lastSeqs(channels.subscribed()));
        } catch (RuntimeException e) {
            changed.set(true);
            LOG.log(Level.WARNING, "catching the channels up after the cluster changed failed; trying again", e);
        }
    }

    private void sweep() {
        try {
            Map<String, Long> now = rows.lastSeqs(channels.subscribed());
            channels.catchUp(seenLastSweep);
            seenLastSweep = now;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "checking the channels against the database failed; trying again at the next interval", e);
        }
    }
}
