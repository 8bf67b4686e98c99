package io.switchboard.channel;

import io.switchboard.cluster.ClusterPresence;
import io.switchboard.config.ChannelSettings;
import io.switchboard.config.Settings;
import io.switchboard.connection.Connection;
import io.switchboard.history.ChannelRows;
import io.switchboard.history.ChannelState;
import io.switchboard.history.HistoryMessage;
import io.switchboard.history.Position;
import io.switchboard.history.Recovery;
import io.switchboard.protocol.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which connections on this instance are subscribed to which channels, up to the subscription
 * limit per connection, and who is present. Runs on connections' request lanes, since a subscribe
 * may read the database. Clustered, presence is cluster wide ({@link ClusterPresence}): a user's
 * arrival here is told at once unless they are present elsewhere, and a departure once the
 * cluster has it that they are nowhere.
 */
@ApplicationScoped
public class Subscriptions {

    private static final Logger LOG = Logger.getLogger(Subscriptions.class.getName());

    @Inject
    LocalChannels channels;

    @Inject
    ChannelRows rows;

    @Inject
    Recovery recovery;

    @Inject
    LocalFanOut fanOut;

    @Inject
    Settings settings;

    @Inject
    ChannelSettings channelSettings;

    @Inject
    ClusterPresence clusterPresence;

    /**
     * Subscribes the connection, recovering what it missed since {@code since} (null: nothing to
     * recover). {@code answer} hears the outcome once; a {@link SubscribeResult.Subscribed} under the
     * channel's monitor, so whatever it queues comes before any live message of the channel.
     */
    public void subscribe(Connection connection, String name, Position since, Consumer<SubscribeResult> answer) {
        int limit = settings.maxSubscriptions();
        if (connection.channels().size() >= limit && !connection.channels().contains(name)) {
            answer.accept(new Refused(ErrorCode.LIMIT_EXCEEDED, "at most " + limit + " subscriptions per connection"));
            return;
        }
        try {
            channels.inChannel(name, channel -> join(channel, connection, since, answer));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "subscribe to " + name + " failed", e);
            answer.accept(new Refused(ErrorCode.UNAVAILABLE, "could not subscribe to " + name + " now"));
        }
        channels.forgetIfIdle(name);
    }

    private void join(Channel channel, Connection connection, Position since, Consumer<SubscribeResult> answer) {
        load(channel);
        if (connection.channels().contains(channel.name)) {
            answer.accept(new SubscribeResult.Subscribed(channel.name, channel.lastSeq, channel.epoch,
                    presence(channel), null, List.of()));
            return;
        }
        if (since != null && clusterPresence.enabled() && channel.policy.durable()
                && since.epoch().equals(channel.epoch) && since.seq() > channel.lastSeq) {
            // Resuming here from an instance that was further ahead: the events that bring this one
            // there are on their way; read it from the database now rather than tell the client
            // its position is lost.
            fanOut.bringUpTo(channel, since.seq());
        }
        Optional<List<HistoryMessage>> missed = since == null ? Optional.of(List.of())
                : recovery.missed(channel.name, channel.policy.durable(), new ChannelState(channel.epoch, channel.lastSeq), since);
        connection.channels().add(channel.name);
        channel.subscribers.add(connection);
        String user = connection.name();
        boolean arrived = channel.policy.presence() && channel.present.merge(user, 1, Integer::sum) == 1;
        if (arrived && clusterPresence.enabled()) {
            clusterPresence.changedHere(channel.name, user);
            // present elsewhere already: the subscribers here were told
            arrived = view(channel).arrivedHere(user);
        }
        answer.accept(new SubscribeResult.Subscribed(channel.name, channel.lastSeq, channel.epoch, presence(channel),
                since == null ? null : missed.isPresent(), missed.orElse(List.of())));
        if (arrived) {
            fanOut.presence(channel.subscribersBut(connection), channel.name, true, user);
        }
    }

    /** The users present as this channel's subscribers here are told: here, or cluster wide. Under the monitor. */
    private List<String> presence(Channel channel) {
        if (!channel.policy.presence() || !clusterPresence.enabled()) {
            return channel.presence();
        }
        return view(channel).users();
    }

    /** Clustered: what the subscribers here were told of presence, read from the cluster at first. Under the monitor. */
    private PresenceView view(Channel channel) {
        if (channel.view == null) {
            channel.view = new PresenceView(clusterPresence.present(channel.name));
        }
        return channel.view;
    }

    private void load(Channel channel) {
        if (channel.loaded) {
            return;
        }
        // Reading creates no row: until the first publish the channel has its first epoch and seq 0.
        ChannelState state = rows.state(channel.name);
        channel.epoch = state.epoch();
        channel.lastSeq = Math.max(channel.lastSeq, state.lastSeq());
        channel.loaded = true;
    }

    /** Unsubscribes the connection; nothing happens if it was not subscribed. */
    public void unsubscribe(Connection connection, String name) {
        Channel channel = channels.get(name);
        if (channel == null) {
            return;
        }
        synchronized (channel) {
            if (connection.channels().remove(name)) {
                channel.subscribers.remove(connection);
                String user = connection.name();
                if (channel.policy.presence() && channel.present.merge(user, -1, Integer::sum) == 0) {
                    channel.present.remove(user);
                    if (clusterPresence.enabled()) {
                        // the leave is told once the cluster knows the user is nowhere else
                        clusterPresence.changedHere(name, user);
                    } else {
                        fanOut.presence(channel.subscribers, name, false, user);
                    }
                }
            }
        }
        channels.forgetIfIdle(name);
    }

    /** Removes a closed connection from every channel it was in. */
    public void leaveAll(Connection connection) {
        for (String name : connection.channels().toArray(String[]::new)) {
            unsubscribe(connection, name);
        }
    }

    /** The users present in the channel on this instance, or null where presence is off. */
    public List<String> presence(String name) {
        if (!channelSettings.policy(name).presence()) {
            return null;
        }
        if (clusterPresence.enabled()) {
            return List.copyOf(new java.util.TreeSet<>(clusterPresence.present(name).keySet()));
        }
        Channel channel = channels.get(name);
        if (channel == null) {
            return List.of();
        }
        synchronized (channel) {
            return channel.presence();
        }
    }

    /** How many connections of this instance are subscribed to the channel. */
    public int subscriberCount(String name) {
        Channel channel = channels.get(name);
        if (channel == null) {
            return 0;
        }
        synchronized (channel) {
            return channel.subscribers.size();
        }
    }
}
