package io.switchboard.protocol;

import jakarta.json.JsonValue;

/**
 * A request decoded from one client text frame. {@code id} is the client's optional correlation id
 * (null when absent); the direct reply to a request carries it back.
 */
public sealed interface ClientFrame {

    String id();

    record Ping(String id) implements ClientFrame {}

    record Echo(JsonValue data, String id) implements ClientFrame {}

    record Broadcast(JsonValue data, String id) implements ClientFrame {}

    /** @param since where to recover from, or null for a plain subscribe */
    record Subscribe(String channel, Since since, String id) implements ClientFrame {
        public Subscribe(String channel, String id) {
            this(channel, null, id);
        }
    }

    /** The last seq a client handled in a channel and the epoch it was numbered in. */
    record Since(long seq, String epoch) {}

    record Unsubscribe(String channel, String id) implements ClientFrame {}

    record Publish(String channel, JsonValue data, String id) implements ClientFrame {}

    /** @param before only messages with a smaller seq, or null; @param limit most to return, or null */
    record History(String channel, Long before, Integer limit, String id) implements ClientFrame {}

    /** A message over the size limit; the connection is closed with 1009. */
    record TooLarge(int bytes, String id) implements ClientFrame {}

    /** A frame that could not be turned into a request; answered with an error frame. */
    record Malformed(ErrorCode code, String message, String id) implements ClientFrame {}
}
