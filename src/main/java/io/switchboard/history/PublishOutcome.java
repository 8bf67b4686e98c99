package io.switchboard.history;

/** What became of a publish: stored (or found stored already), or refused with a reason. */
public sealed interface PublishOutcome {

    /** @param duplicate the publish repeated one already stored; {@code seq} is the first one's */
    record Stored(long seq, String epoch, boolean duplicate) implements PublishOutcome {}

    /** Nothing was stored; the publisher may retry (with the same id). */
    record Unavailable(String reason) implements PublishOutcome {}
}
