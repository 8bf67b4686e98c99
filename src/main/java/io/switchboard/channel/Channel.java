package io.switchboard.channel;

import io.switchboard.config.ChannelPolicy;
import io.switchboard.connection.Connection;
import io.switchboard.history.PublishQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A channel on this instance: its local subscribers, who is present, its stored epoch and last seq
 * as delivered here, and the publishes waiting to be stored. Its monitor orders everything
 * subscribers see: a subscriber is added (and told the seq, and sent what it missed) and a stored
 * message is queued to every subscriber, each as one step, so no subscriber sees a gap, a duplicate
 * or a reordering. Lock order: the monitor, then {@link #publishes}.
 */
final class Channel {

    final String name;
    final ChannelPolicy policy;
    // Retired with the channel when it is forgotten; a retired channel's holders must find it again.
    final PublishQueue publishes;

    // Guarded by this.
    final List<Connection> subscribers = new ArrayList<>();
    // Guarded by this: connections per user, for presence.
    final Map<String, Integer> present = new TreeMap<>();
    // Guarded by this: the stored state as far as this instance has delivered it.
    String epoch;
    long lastSeq;
    boolean loaded;
    // Guarded by this; clustered only, where batches of several instances arrive in any order.
    SeqGate gate;
    // Guarded by this; clustered only, where presence is cluster wide: what the subscribers were told.
    PresenceView view;

    Channel(String name, ChannelPolicy policy, Runnable whenWritten) {
        this.name = name;
        this.policy = policy;
        this.publishes = new PublishQueue(name, policy.durable(), whenWritten);
    }

    /** The users present, or null where presence is off. Call under this. */
    List<String> presence() {
        return policy.presence() ? List.copyOf(present.keySet()) : null;
    }

    /** Retires the channel if it has no subscriber and nothing to store. Call under this. */
    boolean retireIfIdle() {
        return subscribers.isEmpty() && publishes.retireIfIdle();
    }

    boolean retired() {
        return publishes.isRetired();
    }

    List<Connection> subscribersBut(Connection excluded) {
        List<Connection> others = new ArrayList<>(subscribers);
        others.remove(excluded);
        return others;
    }
}
