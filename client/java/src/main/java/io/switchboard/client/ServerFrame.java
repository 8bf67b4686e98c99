package io.switchboard.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Objects;

/**
 * Every frame type a hub sends (README, "Server to client"), one record each. Optional fields the
 * hub left out are {@code null} (ids) or {@code false}; types the client does not know are ignored,
 * as protocol v1 requires, and never become a {@code ServerFrame}; {@link #raw()} keeps the whole
 * object.
 */
public sealed interface ServerFrame {

    /**
     * The object this frame was decoded from, unknown fields and the hub's field order included
     * (for a MessagePack frame, the JSON object its map stands for): what a program that passes
     * frames on should write out. Empty for a frame made in code.
     */
    default JsonObject raw() {
        return source().object();
    }

    /** Where {@link #raw()} comes from. */
    Source source();

    /**
     * The object a frame was decoded from. It is not part of the frame's value: frames with the same
     * fields are equal whatever else their objects held, as protocol v1 ignores unknown fields.
     */
    final class Source {
        /** The source of a frame made in code. */
        public static final Source NONE = new Source(JsonValue.EMPTY_JSON_OBJECT);

        private final JsonObject object;

        public Source(JsonObject object) {
            this.object = Objects.requireNonNull(object, "object");
        }

        public JsonObject object() {
            return object;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Source;
        }

        @Override
        public int hashCode() {
            return 0;
        }

        @Override
        public String toString() {
            return object.toString();
        }
    }

    /** Reply to a ping. */
    record Pong(String id, Source source) implements ServerFrame {
        public Pong(String id) {
            this(id, Source.NONE);
        }
    }

    /** Reply to an echo: {@code data} unchanged. */
    record Echo(JsonValue data, String id, Source source) implements ServerFrame {
        public Echo(JsonValue data, String id) {
            this(data, id, Source.NONE);
        }
    }

    /** Another connection's broadcast; {@code from} is its user or API key. */
    record Broadcast(JsonValue data, String from, Source source) implements ServerFrame {
        public Broadcast(JsonValue data, String from) {
            this(data, from, Source.NONE);
        }
    }

    /**
     * Reply to a subscribe: {@code seq} is the channel's last sequence number. {@code presence}
     * lists the users subscribed, or is {@code null} when the channel's policy turns presence off;
     * {@code recovered} is {@code null} unless the subscribe carried {@code since}.
     */
    record Subscribed(String channel, long seq, String epoch, List<String> presence, Boolean recovered, String id,
                      Source source) implements ServerFrame, ChannelEvent {
        public Subscribed(String channel, long seq, String epoch, List<String> presence, Boolean recovered, String id) {
            this(channel, seq, epoch, presence, recovered, id, Source.NONE);
        }
    }

    /** Reply to an unsubscribe. */
    record Unsubscribed(String channel, String id, Source source) implements ServerFrame {
        public Unsubscribed(String channel, String id) {
            this(channel, id, Source.NONE);
        }
    }

    /** A publish was stored as {@code seq}; {@code duplicate} when it was a resend of a stored one. */
    record Ack(String id, long seq, boolean duplicate, Source source) implements ServerFrame {
        public Ack(String id, long seq, boolean duplicate) {
            this(id, seq, duplicate, Source.NONE);
        }
    }

    /** A message of a subscribed channel; {@code ts} is the server's time of publishing in epoch milliseconds. */
    record Message(String channel, long seq, JsonValue data, String from, long ts, Source source)
            implements ServerFrame, ChannelEvent {
        public Message(String channel, long seq, JsonValue data, String from, long ts) {
            this(channel, seq, data, from, ts, Source.NONE);
        }
    }

    /** A moderator deleted message {@code seq} (also sent in its place during recovery). */
    record Deleted(String channel, long seq, Source source) implements ServerFrame, ChannelEvent {
        public Deleted(String channel, long seq) {
            this(channel, seq, Source.NONE);
        }
    }

    /** {@code user} joined ({@code joined}) or left a subscribed channel. */
    record Presence(String channel, String user, boolean joined, Source source) implements ServerFrame, ChannelEvent {
        public Presence(String channel, String user, boolean joined) {
            this(channel, user, joined, Source.NONE);
        }
    }

    /** Reply to a history request: messages in ascending seq. */
    record History(String channel, String epoch, List<HistoryEntry> messages, String id, Source source) implements ServerFrame {
        public History(String channel, String epoch, List<HistoryEntry> messages, String id) {
            this(channel, epoch, messages, id, Source.NONE);
        }
    }

    /** One stored message of a {@link History}; {@code data} is {@code null} when {@code deleted}. */
    record HistoryEntry(long seq, JsonValue data, String from, long ts, boolean deleted) {
    }

    /** A request could not be handled (README, "Error codes"); the connection stays open. */
    record Error(String code, String message, String id, Source source) implements ServerFrame {
        public Error(String code, String message, String id) {
            this(code, message, id, Source.NONE);
        }
    }
}
