package io.switchboard.client;

/**
 * What a channel's {@link ChannelHandler} receives, in order: a {@link ServerFrame.Subscribed}
 * after every (re)subscription, preceded by a {@link RecoveryLost} when the hub could not send
 * what was missed; then messages in seq order, each once, deletions and presence changes.
 */
public sealed interface ChannelEvent permits ServerFrame.Subscribed, ServerFrame.Message, ServerFrame.Deleted,
        ServerFrame.Presence, RecoveryLost {
}
