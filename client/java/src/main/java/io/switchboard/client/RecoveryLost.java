package io.switchboard.client;

/**
 * After a reconnect, the hub could not send what the channel missed after {@code since}
 * ({@code recovered:false}, or the channel got a new epoch): reload the channel's state, for
 * example with {@link SwitchboardClient#history}; messages from {@code seq + 1} follow.
 */
public record RecoveryLost(String channel, Position since, long seq, String epoch) implements ChannelEvent {
}
