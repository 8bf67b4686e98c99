package io.switchboard.channel;

/**
 * Assigns a channel's sequence numbers: 1, 2, 3... with no gap. Called under the channel's lock, so
 * an implementation need not order concurrent callers for the same channel itself.
 */
public interface Sequencer {

    /** The last number assigned in {@code channel}, 0 if none. */
    long last(String channel);

    /** Assigns and returns the next number in {@code channel}. */
    long next(String channel);

    /** The channel is no longer in use here; its state may be dropped. */
    void forget(String channel);
}
