package io.switchboard.connection;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sends one fan-out starts, handed to the send threads as a few tasks of many connections each
 * instead of one task per connection: a message to 1,000 idle subscribers costs a handful of
 * hand-offs, not 1,000. The frames are queued on the fan-out's thread, in order; only the sends
 * move. Filled by one thread, then started once. Holds each connection at most once (a queue joins
 * the round only when the frame makes it start a send), so it is bounded by the connection count.
 */
public final class FlushRound {

    private static final Logger LOG = Logger.getLogger(FlushRound.class.getName());
    // Fewer than this many sends are not worth a second task.
    private static final int MIN_PER_TASK = 32;

    private final Executor executor;
    private final int maxTasks;
    private OutboundQueue[] queues = new OutboundQueue[8];
    private int size;

    FlushRound(Executor executor, int maxTasks) {
        this.executor = executor;
        this.maxTasks = maxTasks;
    }

    void add(OutboundQueue queue) {
        if (size == queues.length) {
            queues = Arrays.copyOf(queues, size * 2);
        }
        queues[size++] = queue;
    }

    /** Hands the sends to the send threads: up to one task per thread, each sending a share in turn. */
    public void start() {
        if (size == 0) {
            return;
        }
        OutboundQueue[] taken = queues;
        int n = size;
        queues = new OutboundQueue[8];
        size = 0;
        int tasks = Math.max(1, Math.min(maxTasks, n / MIN_PER_TASK));
        int per = (n + tasks - 1) / tasks;
        for (int from = 0; from < n; from += per) {
            int start = from;
            int end = Math.min(n, from + per);
            executor.execute(() -> flush(taken, start, end));
        }
    }

    private static void flush(OutboundQueue[] queues, int from, int to) {
        for (int i = from; i < to; i++) {
            try {
                queues[i].flushNow();
            } catch (RuntimeException e) {
                // One connection's failure must not leave the others of the round unsent.
                LOG.log(Level.WARNING, "send failed", e);
            }
        }
    }
}
