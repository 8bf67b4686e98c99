package io.switchboard.protocol;

import jakarta.json.JsonValue;

/** A frame the server sends. {@code id} fields echo the request's id and may be null. */
public sealed interface ServerFrame {

    record Pong(String id) implements ServerFrame {}

    record EchoReply(JsonValue data, String id) implements ServerFrame {}

    record BroadcastMessage(JsonValue data, String from) implements ServerFrame {}

    record Subscribed(String channel, long seq, String id) implements ServerFrame {}

    record Unsubscribed(String channel, String id) implements ServerFrame {}

    record Ack(String id, long seq) implements ServerFrame {}

    record ChannelMessage(String channel, long seq, JsonValue data, String from, long ts)
            implements ServerFrame {}

    record Error(ErrorCode code, String message, String id) implements ServerFrame {}
}
