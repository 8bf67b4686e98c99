package io.switchboard.connection;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one connection's channel requests off the container's threads, one at a time and in the
 * order they arrived, so a subscribe that reads the database is done before the publish or
 * unsubscribe the client sent after it. At most {@code maxPending} wait; the client can not fill
 * it beyond that. A turn on a worker runs at most {@code perTurn} requests, then the lane goes to
 * the back of the pool's queue, so a connection that keeps its lane full cannot keep the thread.
 */
public final class RequestLane {

    private static final Logger LOG = Logger.getLogger(RequestLane.class.getName());

    private final Executor workers;
    private final int maxPending;
    private final int perTurn;
    // Guarded by this. Made at the first request: most connections never send one.
    private ArrayDeque<Runnable> pending;
    private boolean running;
    private boolean finished;

    /**
     * @param workers a pool that runs tasks in the order submitted (FIFO), so a lane that yields
     *                waits behind the lanes already queued
     */
    public RequestLane(Executor workers, int maxPending, int perTurn) {
        this.workers = workers;
        this.maxPending = maxPending;
        this.perTurn = perTurn;
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
            if (pending == null) {
                pending = new ArrayDeque<>(4);
            }
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

    /** One turn: runs up to {@code perTurn} requests, then yields the thread if more are waiting. */
    private void drain() {
        for (int ran = 0; ; ran++) {
            Runnable next;
            synchronized (this) {
                if (pending.isEmpty()) {
                    running = false;
                    return;
                }
                if (ran == perTurn) {
                    // Still running: no submit starts a second turn, so requests stay one at a time.
                    break;
                }
                next = pending.poll();
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "channel request failed", e);
            }
        }
        workers.execute(this::drain);
    }
}
