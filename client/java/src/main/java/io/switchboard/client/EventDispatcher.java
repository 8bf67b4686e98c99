package io.switchboard.client;

import java.lang.System.Logger.Level;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the application's code (handlers, listeners, and the stages of the futures the client
 * completes) on one thread of the client's own, in the order submitted, so a slow handler never
 * holds a WebSocket I/O thread. Events are bounded: {@link #offerEvent} refuses once
 * {@code limit} wait. Completions are always taken: each answers one pending request or
 * subscription, both of which are bounded.
 */
final class EventDispatcher {

    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
    private static final Runnable STOP = () -> { };

    private final int limit;
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;

    EventDispatcher(int limit, String threadName) {
        if (limit < 1) {
            throw new IllegalArgumentException("maxQueuedEvents must be at least 1, not " + limit);
        }
        this.limit = limit;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an event for the handlers; false when {@code limit} events already wait. */
    boolean offerEvent(Runnable event) {
        if (stopping) {
            return false;
        }
        if (queuedEvents.incrementAndGet() > limit) {
            queuedEvents.decrementAndGet();
            return false;
        }
        queue.add(() -> {
            queuedEvents.decrementAndGet();
            event.run();
        });
        return true;
    }

    /** Queues a completion (or a final event); taken whatever the event count, until stopped. */
    void complete(Runnable completion) {
        if (!stopping) {
            queue.add(completion);
        }
    }

    int queuedEvents() {
        return queuedEvents.get();
    }

    boolean isDispatchThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs what is queued, then ends the thread. */
    void shutdown() {
        if (!stopping) {
            stopping = true;
            queue.add(STOP);
        }
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    private void run() {
        while (true) {
            Runnable task;
            try {
                task = queue.poll(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                return;
            }
            if (task == null) {
                continue;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // A failing handler must not stop the others, nor the client's bookkeeping.
                LOG.log(Level.WARNING, "a Switchboard client handler failed", e);
            }
        }
    }
}
