package io.switchboard.protocol;

import jakarta.json.JsonValue;
import java.util.List;

/** A frame the server sends. {@code id} fields echo the request's id and may be null. */
public sealed interface ServerFrame {

    record Pong(String id) implements ServerFrame {}

    record EchoReply(JsonValue data, String id) implements ServerFrame {}

    /** {@code data} is JSON text, measured against the broadcast size limit before it is sent. */
    record BroadcastMessage(String data, String from) implements ServerFrame {
        public BroadcastMessage(JsonValue data, String from) {
            this(data.toString(), from);
        }
    }

    /**
     * @param presence the users in the channel, or null where presence is off
     * @param recovered null unless the subscribe asked to recover ({@code since})
     */
    record Subscribed(String channel, long seq, String epoch, List<String> presence, Boolean recovered,
                      String id) implements ServerFrame {
    }

    record Unsubscribed(String channel, String id) implements ServerFrame {}

    record Ack(String id, long seq, boolean duplicate) implements ServerFrame {
        public Ack(String id, long seq) {
            this(id, seq, false);
        }
    }

    /** {@code data} is JSON text, as published and as stored. */
    record ChannelMessage(String channel, long seq, String data, String from, long ts)
            implements ServerFrame {
        public ChannelMessage(String channel, long seq, JsonValue data, String from, long ts) {
            this(channel, seq, data.toString(), from, ts);
        }
    }

    record Deleted(String channel, long seq) implements ServerFrame {}

    /** A user's first connection joined ({@code join}) or their last one left. */
    record Presence(String channel, boolean join, String user) implements ServerFrame {}

    /** One history entry; {@code data} is JSON text, null when deleted. */
    record HistoryEntry(long seq, String data, String from, long ts, boolean deleted) {}

    record History(String channel, String epoch, List<HistoryEntry> messages, String id) implements ServerFrame {}

    record Error(ErrorCode code, String message, String id) implements ServerFrame {}
}
