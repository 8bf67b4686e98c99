package io.switchboard.history;

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
 * The container-managed threads that store publishes ({@code switchboard.publish.writers}); each
 * channel has at most one writer task queued or running here.
 */
@ApplicationScoped
public class WriterPool implements Executor {

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Config config;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        pool = ManagedPools.fixed(threads, Setting.PUBLISH_WRITERS.intValue(config));
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    @Override
    public void execute(Runnable write) {
        pool.execute(write);
    }
}
