package io.switchboard.history;

import java.util.ArrayDeque;

/**
 * One channel's publishes waiting to be stored, and whether a writer is storing them: at most one
 * is, so the channel's batches commit, and are delivered, one at a time in seq order. Its owner
 * (the channel on this instance) retires it when it forgets the channel; a publish offered to a
 * retired queue must find the channel again. Guarded by its own monitor, which the channel's lock
 * holder may take after its own.
 */
public final class PublishQueue {

    final String channel;
    final boolean durable;
    // Run by the writer when it stops because nothing is left to store.
    final Runnable whenDrained;

    // All guarded by this.
    final ArrayDeque<Publish> pending = new ArrayDeque<>();
    boolean writing;
    boolean retired;

    // The channel's row is known to exist in the database.
    volatile boolean created;

    public PublishQueue(String channel, boolean durable, Runnable whenDrained) {
        this.channel = channel;
        this.durable = durable;
        this.whenDrained = whenDrained;
    }

    /** Retires the queue unless a publish waits or a writer is storing; true if it did. */
    public synchronized boolean retireIfIdle() {
        if (writing || !pending.isEmpty()) {
            return false;
        }
        retired = true;
        return true;
    }

    public synchronized boolean isRetired() {
        return retired;
    }
}
