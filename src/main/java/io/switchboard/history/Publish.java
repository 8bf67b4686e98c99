package io.switchboard.history;

import java.util.function.Consumer;

/**
 * A publish waiting to be stored. {@code clientId} is the publisher's id for deduplication (null
 * when it gave none); {@code done} is told the outcome once, on a writer thread.
 */
public record Publish(String sender, String clientId, String data, Consumer<PublishOutcome> done) {
}
