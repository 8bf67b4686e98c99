package io.switchboard.channel;

import io.switchboard.config.Settings;
import io.switchboard.connection.Connection;
import io.switchboard.connection.OutboundFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.security.SecuritySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Subscribe, unsubscribe and publish. A message is encoded once and the same frame is queued to
 * every subscriber.
 */
@ApplicationScoped
public class ChannelService {

    @Inject
    Sequencer sequencer;

    @Inject
    Settings settings;

    @Inject
    SecuritySettings securitySettings;

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    public void subscribe(Connection connection, String name, String requestId) {
        if (!connection.identity().has(securitySettings.channelRules().ruleFor(name).subscribe())) {
            connection.send(forbidden("subscribe to", name, requestId));
            return;
        }
        int limit = settings.maxSubscriptions();
        if (connection.channels().size() >= limit && !connection.channels().contains(name)) {
            connection.send(new ServerFrame.Error(ErrorCode.LIMIT_EXCEEDED,
                    "at most " + limit + " subscriptions per connection", requestId));
            return;
        }
        inChannel(name, channel -> {
            if (connection.channels().add(name)) {
                channel.subscribers.add(connection);
            }
            connection.send(new ServerFrame.Subscribed(name, sequencer.last(name), requestId));
        });
    }

    public void unsubscribe(Connection connection, String name, String requestId) {
        leave(connection, name);
        connection.send(new ServerFrame.Unsubscribed(name, requestId));
    }

    /** Numbers the message, queues it to every subscriber in order, then acks the publisher. */
    public void publish(Connection publisher, String name, JsonValue data, String requestId) {
        if (!publisher.identity().has(securitySettings.channelRules().ruleFor(name).publish())) {
            publisher.send(forbidden("publish in", name, requestId));
            return;
        }
        inChannel(name, channel -> {
            long seq = sequencer.next(name);
            OutboundFrame message = OutboundFrame.of(new ServerFrame.ChannelMessage(
                    name, seq, data, publisher.name(), System.currentTimeMillis()));
            for (Connection subscriber : channel.subscribers) {
                subscriber.send(message);
            }
            publisher.send(new ServerFrame.Ack(requestId, seq));
        });
        forgetIfEmpty(name);
    }

    /** Removes a closed connection from every channel it was in. */
    public void leaveAll(Connection connection) {
        for (String name : connection.channels().toArray(String[]::new)) {
            leave(connection, name);
        }
    }

    public int channelCount() {
        return channels.size();
    }

    private static ServerFrame forbidden(String action, String channel, String requestId) {
        return new ServerFrame.Error(ErrorCode.FORBIDDEN, "you may not " + action + " " + channel, requestId);
    }

    private void leave(Connection connection, String name) {
        Channel channel = channels.get(name);
        if (channel == null) {
            return;
        }
        synchronized (channel) {
            if (connection.channels().remove(name)) {
                channel.subscribers.remove(connection);
            }
        }
        forgetIfEmpty(name);
    }

    private void inChannel(String name, Consumer<Channel> action) {
        while (true) {
            Channel channel = channels.computeIfAbsent(name, Channel::new);
            synchronized (channel) {
                if (!channel.retired) {
                    action.accept(channel);
                    return;
                }
            }
        }
    }

    private void forgetIfEmpty(String name) {
        channels.computeIfPresent(name, (key, channel) -> {
            synchronized (channel) {
                if (!channel.subscribers.isEmpty()) {
                    return channel;
                }
                channel.retired = true;
                sequencer.forget(key);
                return null;
            }
        });
    }
}
