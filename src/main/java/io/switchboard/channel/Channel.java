package io.switchboard.channel;

import io.switchboard.config.ChannelPolicy;
import io.switchboard.connection.Connection;
import io.switchboard.history.Publish;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A channel on this instance: its local subscribers, who is present, its stored epoch and last seq,
 * and the publishes waiting to be stored. Its monitor orders everything subscribers see: a
 * subscriber is added (and told the seq, and sent what it missed) and a stored message is queued
 * to every subscriber, each as one step, so no subscriber sees a gap, a duplicate or a reordering.
 * Lock order: the monitor, then {@link #pending}.
 */
final class Channel {

    final String name;
    final ChannelPolicy policy;

    // Guarded by this.
    final List<Connection> subscribers = new ArrayList<>();
    // Guarded by this: connections per user, for presence.
    final Map<String, Integer> present = new TreeMap<>();
    // Guarded by this: the stored state as far as this instance has delivered it.
    String epoch;
    long lastSeq;
    boolean loaded;
    // The channel's row is known to exist in the database.
    volatile boolean created;
    // Set, under this and pending, when the channel has been removed from the registry; holders must retry.
    boolean retired;

    // Guarded by itself.
    final ArrayDeque<Publish> pending = new ArrayDeque<>();
    // Guarded by pending: a writer is storing this channel's publishes.
    boolean writing;

    Channel(String name, ChannelPolicy policy) {
        this.name = name;
        this.policy = policy;
    }

    /** The users present, or null where presence is off. Call under this. */
    List<String> presence() {
        return policy.presence() ? List.copyOf(present.keySet()) : null;
    }

    boolean idle() {
        synchronized (pending) {
            return subscribers.isEmpty() && !writing && pending.isEmpty();
        }
    }

    List<Connection> subscribersBut(Connection excluded) {
        List<Connection> others = new ArrayList<>(subscribers);
        others.remove(excluded);
        return others;
    }
}
