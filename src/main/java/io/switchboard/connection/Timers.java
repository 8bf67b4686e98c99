package io.switchboard.connection;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The application's scheduled work (heartbeat sweeps, close deadlines, retention, cluster
 * upkeep) on container-managed threads, which carry the application's context for every task.
 * Not the default managed scheduled executor: the pre-boot commands replace that one with a
 * context-free scheduler for the container's idle timers (see IdleTimerExecutor).
 */
@ApplicationScoped
public class Timers {

    private static final int THREADS = 4;

    @Resource
    ManagedThreadFactory threads;

    private ScheduledThreadPoolExecutor executor;

    @PostConstruct
    void start() {
        executor = new ScheduledThreadPoolExecutor(THREADS, threads, new ScheduledThreadPoolExecutor.DiscardPolicy());
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Other beans may still schedule while the application stops; those timers are dropped. */
    @PreDestroy
    void stop() {
        executor.shutdown();
    }

    @Produces
    ScheduledExecutorService scheduler() {
        return executor;
    }
}
