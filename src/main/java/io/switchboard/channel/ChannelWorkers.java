package io.switchboard.channel;

import io.switchboard.config.Setting;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;

/**
 * The container-managed threads that do channel work which may wait on the database: connections'
 * requests (each connection has at most one task queued here, so the queue is bounded by the
 * connection cap) and the writers that store publishes (at most one task per channel).
 */
@ApplicationScoped
public class ChannelWorkers {

    private static final int CAPACITY = 1 << 16;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Config config;

    private ThreadPoolExecutor requests;
    private ThreadPoolExecutor writers;

    @PostConstruct
    void start() {
        requests = pool(Setting.CHANNEL_WORKERS.intValue(config));
        writers = pool(Setting.PUBLISH_WRITERS.intValue(config));
    }

    private ThreadPoolExecutor pool(int n) {
        // Past the capacity the submitter runs the task itself rather than losing it.
        return new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(CAPACITY),
                threads, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    @PreDestroy
    void stop() {
        requests.shutdown();
        writers.shutdown();
    }

    public Executor requests() {
        return requests;
    }

    Executor writers() {
        return writers;
    }
}
