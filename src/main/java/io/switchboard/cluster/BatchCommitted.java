package io.switchboard.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * A channel's batch of publishes has committed: its new epoch and last seq, and the messages it
 * stored, in seq order (resends of messages already stored are not among them). One per commit.
 */
public record BatchCommitted(String channel, String epoch, long lastSeq, List<Message> messages) implements Serializable {

    /** One message of the batch; {@code data} is its JSON text as published. */
    public record Message(long seq, String data, String sender, long ts) implements Serializable {
    }
}
