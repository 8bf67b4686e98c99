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
 * The container-managed threads that run connections' channel requests, which may wait on the
 * database. Each connection has at most one task queued here, so the queue is bounded by the
 * connection cap. (Publishes are stored by the writers of {@link io.switchboard.history.WriterPool}.)
 */
@ApplicationScoped
public class ChannelWorkers {

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Config config;

    private ThreadPoolExecutor requests;

    @PostConstruct
    void start() {
        requests = ManagedPools.fixed(threads, Setting.CHANNEL_WORKERS.intValue(config));
    }

    @PreDestroy
    void stop() {
        requests.shutdown();
    }

    public Executor requests() {
        return requests;
    }
}
