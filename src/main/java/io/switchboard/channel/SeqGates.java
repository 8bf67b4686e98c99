package io.switchboard.channel;

import io.switchboard.config.Setting;
import io.switchboard.history.HistoryPages;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;

/**
 * What the channels' {@link SeqGate}s share on a clustered instance: the reorder wait and hold
 * bound as configured, the database reads that fill gaps, and the container's scheduled threads
 * that run both. Not used by a single instance.
 */
@ApplicationScoped
public class SeqGates {

    @Inject
    ScheduledExecutorService scheduler;

    @Inject
    HistoryPages history;

    @Inject
    Config config;

    private SeqGate.Shared shared;

    @PostConstruct
    void read() {
        shared = new SeqGate.Shared(Setting.CLUSTER_REORDER_WAIT.durationValue(config),
                Setting.CLUSTER_MAX_HELD_BATCHES.intValue(config), history::range,
                (delay, task) -> scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS), System::nanoTime);
    }

    SeqGate.Shared shared() {
        return shared;
    }
}
