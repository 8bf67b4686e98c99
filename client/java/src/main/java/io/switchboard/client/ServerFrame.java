package io.switchboard.client;

import jakarta.json.JsonValue;
import java.util.List;

/**
 * Every frame type a hub sends (README, "Server to client"), one record each. Optional fields the
 * hub left out are {@code null} (ids) or {@code false}; types the client does not know are ignored,
 * as protocol v1 requires, and never become a {@code ServerFrame}.
 */
public sealed interface ServerFrame {

    /** Reply to a ping. */
    record Pong(String id) implements ServerFrame {
    }

    /** Reply to an echo: {@code data} unchanged. */
    record Echo(JsonValue data, String id) implements ServerFrame {
    }

    /** Another connection's broadcast; {@code from} is its user or API key. */
    record Broadcast(JsonValue data, String from) implements ServerFrame {
    }

    /**
     * Reply to a subscribe: {@code seq} is the channel's last sequence number. {@code presence}
     * lists the users subscribed, or is {@code null} when the channel's policy turns presence off;
     * {@code recovered} is {@code null} unless the subscribe carried {@code since}.
     */
    record Subscribed(String channel, long seq, String epoch, List<String> presence, Boolean recovered, String id)
            implements ServerFrame, ChannelEvent {
    }

    /** Reply to an unsubscribe. */
    record Unsubscribed(String channel, String id) implements ServerFrame {
    }

    /** A publish was stored as {@code seq}; {@code duplicate} when it was a resend of a stored one. */
    record Ack(String id, long seq, boolean duplicate) implements ServerFrame {
    }

    /** A message of a subscribed channel; {@code ts} is the server's time of publishing in epoch milliseconds. */
    record Message(String channel, long seq, JsonValue data, String from, long ts) implements ServerFrame, ChannelEvent {
    }

    /** A moderator deleted message {@code seq} (also sent in its place during recovery). */
    record Deleted(String channel, long seq) implements ServerFrame, ChannelEvent {
    }

    /** {@code user} joined ({@code joined}) or left a subscribed channel. */
    record Presence(String channel, String user, boolean joined) implements ServerFrame, ChannelEvent {
    }

    /** Reply to a history request: messages in ascending seq. */
    record History(String channel, String epoch, List<HistoryEntry> messages, String id) implements ServerFrame {
    }

    /** One stored message of a {@link History}; {@code data} is {@code null} when {@code deleted}. */
    record HistoryEntry(long seq, JsonValue data, String from, long ts, boolean deleted) {
    }

    /** A request could not be handled (README, "Error codes"); the connection stays open. */
    record Error(String code, String message, String id) implements ServerFrame {
    }
}
