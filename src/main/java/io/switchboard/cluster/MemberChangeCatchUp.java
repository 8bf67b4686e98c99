package io.switchboard.cluster;

import io.switchboard.channel.LocalFanOut;
import io.switchboard.history.ChannelRows;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When an instance joins or leaves the cluster (a partition healing looks like both), the events
 * sent across the change may be lost: every channel with subscribers here reads its last seq from
 * the database and gets what this instance has not delivered of it. The grid reports the change
 * on its own thread; the catch-up runs on the container's scheduled threads, checked every second.
 */
@ApplicationScoped
public class MemberChangeCatchUp {

    private static final Logger LOG = Logger.getLogger(MemberChangeCatchUp.class.getName());

    @Inject
    Membership membership;

    @Inject
    LocalFanOut channels;

    @Inject
    ChannelRows rows;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final AtomicBoolean changed = new AtomicBoolean();
    private UUID watch;
    private ScheduledFuture<?> check;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        membership.watch(() -> changed.set(true)).ifPresent(handle -> {
            watch = handle;
            check = scheduler.scheduleWithFixedDelay(this::catchUpIfChanged, 1, 1, TimeUnit.SECONDS);
        });
    }

    @PreDestroy
    void stop() {
        if (check != null) {
            check.cancel(false);
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
            channels.catchUp(channel -> rows.state(channel).lastSeq());
        } catch (RuntimeException e) {
            changed.set(true);
            LOG.log(Level.WARNING, "catching the channels up after the cluster changed failed; trying again", e);
        }
    }
}
