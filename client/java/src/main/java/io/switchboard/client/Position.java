package io.switchboard.client;

/** Where a channel's stream stands: the last seq handled and the epoch it belongs to. */
public record Position(long seq, String epoch) {

    public Position {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be 0 or more, not " + seq);
        }
        if (epoch == null || epoch.isEmpty()) {
            throw new IllegalArgumentException("epoch must not be empty");
        }
    }
}
