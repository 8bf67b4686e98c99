package io.switchboard.channel;

import io.switchboard.config.ChannelSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The channels this instance holds, by name: those with local subscribers or publishes being
 * stored. A channel is forgotten (retired) as soon as it has neither; whoever finds a retired one
 * looks it up again.
 */
@ApplicationScoped
public class LocalChannels {

    @Inject
    ChannelSettings settings;

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** The channel if this instance holds it, else null. */
    Channel get(String name) {
        return channels.get(name);
    }

    /** The channel, created if absent; it may be retired by the time the caller locks it. */
    Channel obtain(String name) {
        return channels.computeIfAbsent(name, this::newChannel);
    }

    /** Runs {@code action} under the channel's monitor, on a channel that is not retired. */
    void inChannel(String name, Consumer<Channel> action) {
        while (true) {
            Channel channel = obtain(name);
            synchronized (channel) {
                if (!channel.retired()) {
                    action.accept(channel);
                    return;
                }
            }
        }
    }

    void forgetIfIdle(String name) {
        channels.computeIfPresent(name, (key, channel) -> {
            synchronized (channel) {
                return channel.retireIfIdle() ? null : channel;
            }
        });
    }

    /** The channels held now, for a pass over them. */
    Collection<Channel> all() {
        return channels.values();
    }

    public int count() {
        return channels.size();
    }

    private Channel newChannel(String name) {
        return new Channel(name, settings.policy(name), () -> forgetIfIdle(name));
    }
}
