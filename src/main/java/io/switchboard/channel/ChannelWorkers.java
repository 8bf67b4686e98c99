package io.switchboard.channel;

import io.switchboard.config.Setting;
import io.switchboard.connection.ManagedPools;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import org.eclipse.microprofile.config.Config;

/**
 * The container-managed threads that do channel work which may wait on the database: connections'
 * requests (each connection has at most one task queued here, so the queue is bounded by the
 * connection cap) and the writers that store publishes (at most one task per channel).
 */
@ApplicationScoped
public class ChannelWorkers {

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Config config;

    private ThreadPoolExecutor requests;
    private ThreadPoolExecutor writers;

    @PostConstruct
    void start() {
        requests = ManagedPools.fixed(threads, Setting.CHANNEL_WORKERS.intValue(config));
        writers = ManagedPools.fixed(threads, Setting.PUBLISH_WRITERS.intValue(config));
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
