package io.switchboard.connection;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Fixed pools of container-managed threads, used instead of the managed executor service: that
 * captures context on every submit, which costs a class-path scan per task. Callers submit at most
 * one task per connection or channel, which bounds the queue; past its capacity the submitter runs
 * the task itself rather than losing it.
 */
public final class ManagedPools {

    private static final int CAPACITY = 1 << 16;

    private ManagedPools() {
    }

    public static ThreadPoolExecutor fixed(ManagedThreadFactory threads, int n) {
        return new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(CAPACITY),
                threads, new ThreadPoolExecutor.CallerRunsPolicy());
    }
}
