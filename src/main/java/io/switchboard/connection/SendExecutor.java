package io.switchboard.connection;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The threads that send queued frames, one per core, on container-managed threads. Each
 * connection has at most one flush waiting here at a time, so the backlog is bounded by the
 * connection cap; past the capacity the caller runs the flush itself. Not the managed executor
 * service: that captures context on every submit, which costs a class-path scan per message.
 */
@ApplicationScoped
public class SendExecutor implements Executor {

    @Resource
    ManagedThreadFactory threads;

    private ThreadPoolExecutor pool;
    private int threadCount = 1;

    @PostConstruct
    void start() {
        threadCount = Math.max(2, Runtime.getRuntime().availableProcessors());
        pool = ManagedPools.fixed(threads, threadCount);
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    /** A round for one fan-out's sends, run as at most one task per send thread. */
    public FlushRound round() {
        return new FlushRound(this, threadCount);
    }

    @Override
    public void execute(Runnable flush) {
        pool.execute(flush);
    }
}
