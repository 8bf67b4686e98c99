package io.switchboard.history;

/** A channel that has a row (something was published in it): its name and last assigned seq. */
public record StoredChannel(String name, long lastSeq) {
}
