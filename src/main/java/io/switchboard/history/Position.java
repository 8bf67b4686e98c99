package io.switchboard.history;

/** Where a client left a channel: the last seq it got, in the epoch it was told. */
public record Position(long seq, String epoch) {
}
