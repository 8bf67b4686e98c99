package io.switchboard.security;

/** Who may subscribe to and publish in the channels whose names start with {@code prefix}. */
public record ChannelRule(String prefix, Role subscribe, Role publish) {

    boolean matches(String channel) {
        return channel.startsWith(prefix);
    }
}
