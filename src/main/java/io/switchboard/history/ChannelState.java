package io.switchboard.history;

/** A channel's numbering as stored: its epoch and the last seq assigned in it. */
public record ChannelState(String epoch, long lastSeq) {
}
