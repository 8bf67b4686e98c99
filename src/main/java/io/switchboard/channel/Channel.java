package io.switchboard.channel;

import io.switchboard.connection.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel's local subscribers. Its monitor orders everything that happens in the channel: a
 * subscriber is added and told the current seq, and a message is numbered and queued to every
 * subscriber, each as one step, so no subscriber sees a gap or a reordering.
 */
final class Channel {

    final String name;
    // Guarded by this.
    final List<Connection> subscribers = new ArrayList<>();
    // Set, under this, when the channel has been removed from the registry; holders must retry.
    boolean retired;

    Channel(String name) {
        this.name = name;
    }
}
