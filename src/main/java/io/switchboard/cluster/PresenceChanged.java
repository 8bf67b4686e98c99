package io.switchboard.cluster;

import java.io.Serializable;

/**
 * A user joined a channel (their first subscribed connection on any instance) or left it (their
 * last one), cluster wide; {@code version} grows with each change of that user's presence there,
 * so an instance that hears of two changes out of order keeps the later one.
 */
public record PresenceChanged(String channel, String user, boolean join, long version) implements Serializable {
}
