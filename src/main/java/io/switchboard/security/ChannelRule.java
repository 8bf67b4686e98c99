package io.switchboard.security;

/** The least role that may subscribe to and publish in the channels of one prefix. */
public record ChannelRule(Role subscribe, Role publish) {
}
