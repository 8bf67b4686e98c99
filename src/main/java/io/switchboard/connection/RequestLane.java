package io.switchboard.connection;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one connection's channel requests off the container's threads, one at a time and in the
 * order they arrived, so a subscribe that reads the database is done before the publish or
 * unsubscribe the client sent after it. At most {@code maxPending} wait; the client can not fill
 * it beyond that.
 */
public final class RequestLane {

    private static final Logger LOG = Logger.getLogger(RequestLane.class.getName());

    private final Executor workers;
    private final int maxPending;
    // Guarded by this.
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private boolean running;
    private boolean finished;

    public RequestLane(Executor workers, int maxPending) {
        this.workers = workers;
        this.maxPending = maxPending;
    }

    /** Queues a request; false when {@code maxPending} are already waiting or the lane is finished. */
    public boolean submit(Runnable request) {
        return add(request, false);
    }

    /** Queues the last task (accepted whatever the queue holds); later submits are refused. */
    public void finish(Runnable last) {
        add(last, true);
    }

    private boolean add(Runnable task, boolean last) {
        synchronized (this) {
            if (finished || (!last && pending.size() >= maxPending)) {
                return false;
            }
            finished = last;
            pending.add(task);
            if (running) {
                return true;
            }
            running = true;
        }
        workers.execute(this::drain);
        return true;
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = pending.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "channel request failed", e);
            }
        }
    }
}
