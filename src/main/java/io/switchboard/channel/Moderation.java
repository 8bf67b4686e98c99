package io.switchboard.channel;

import io.switchboard.cluster.ChannelReset;
import io.switchboard.cluster.ClusterBus;
import io.switchboard.cluster.MessageDeleted;
import io.switchboard.history.ChannelRows;
import io.switchboard.history.ChannelState;
import io.switchboard.history.MessageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A moderator's deletion of a message and an admin's reset of a channel: changed in the database,
 * then announced on the {@link ClusterBus}, which tells the subscribers (a deletion) or the
 * channel (a reset's new epoch).
 */
@ApplicationScoped
public class Moderation {

    @Inject
    MessageStore store;

    @Inject
    ChannelRows rows;

    @Inject
    LocalChannels channels;

    @Inject
    ClusterBus bus;

    /** Marks a message deleted and tells the subscribers; false if no such message is stored. */
    public boolean delete(String name, long seq) {
        if (!store.delete(name, seq)) {
            return false;
        }
        bus.deleted(new MessageDeleted(name, seq));
        return true;
    }

    /** Deletes the history and starts a new epoch; the numbering goes on. */
    public ChannelState reset(String name) {
        Channel channel = channels.get(name);
        if (channel == null) {
            return resetAndAnnounce(name);
        }
        // No subscriber joins between the new epoch's commit and the channel learning it.
        synchronized (channel) {
            return resetAndAnnounce(name);
        }
    }

    private ChannelState resetAndAnnounce(String name) {
        ChannelState state = rows.reset(name);
        bus.reset(new ChannelReset(name, state.epoch(), state.lastSeq()));
        return state;
    }
}
