package io.switchboard.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the text of a server frame into {@link ServerFrame}s: the hub may coalesce several JSON
 * objects into one frame, separated by {@code \n} (README, "Framing"), so each line is one object.
 * A MessagePack frame's objects ({@link MsgpackCodec}) are decoded here as the JSON values they map to.
 * Unknown types are ignored, as protocol v1 requires; unknown fields too, but each frame keeps the
 * object it came from ({@link ServerFrame#raw()}).
 */
final class FrameDecoder {

    /** A line that is not a JSON object, or a known frame type without the fields it must have. */
    static final class MalformedFrameException extends Exception {
        MalformedFrameException(String message) {
            super(message);
        }
    }

    // One factory for every frame: the static Json helpers look the provider up on each call.
    private static final JsonReaderFactory READERS = JsonProvider.provider().createReaderFactory(Map.of());

    private FrameDecoder() {
    }

    /** The non-blank lines of a frame, in order. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            if (!line.isBlank()) {
                lines.add(line);
            }
            start = end + 1;
        }
        return lines;
    }

    /** One line as a frame; empty for a type this client does not know. */
    static Optional<ServerFrame> decode(String line) throws MalformedFrameException {
        JsonValue value;
        try (JsonReader reader = READERS.createReader(new StringReader(line))) {
            value = reader.readValue();
        } catch (JsonException e) {
            throw new MalformedFrameException("not JSON: " + abbreviate(line));
        }
        return decode(value);
    }

    /**
     * One object as a frame, whatever encoding carried it (a MessagePack value read as the JSON
     * value it maps to); empty for a type this client does not know.
     */
    static Optional<ServerFrame> decode(JsonValue value) throws MalformedFrameException {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedFrameException("not a JSON object: " + abbreviate(value.toString()));
        }
        JsonObject o = value.asJsonObject();
        if (!(o.get("type") instanceof JsonString type)) {
            throw new MalformedFrameException("no string type: " + abbreviate(o.toString()));
        }
        // the object itself, shared by every subscriber's frame: nothing is copied for raw()
        ServerFrame.Source src = new ServerFrame.Source(o);
        try {
            return Optional.ofNullable(switch (type.getString()) {
                case "pong" -> new ServerFrame.Pong(id(o), src);
                case "echo" -> new ServerFrame.Echo(required(o, "data"), id(o), src);
                case "broadcast" -> new ServerFrame.Broadcast(required(o, "data"), string(o, "from"), src);
                case "subscribed" -> new ServerFrame.Subscribed(string(o, "channel"), number(o, "seq"),
                        string(o, "epoch"), users(o), o.containsKey("recovered") ? o.getBoolean("recovered") : null, id(o), src);
                case "unsubscribed" -> new ServerFrame.Unsubscribed(string(o, "channel"), id(o), src);
                case "ack" -> new ServerFrame.Ack(id(o), number(o, "seq"), o.getBoolean("duplicate", false), src);
                case "message" -> new ServerFrame.Message(string(o, "channel"), number(o, "seq"), required(o, "data"),
                        string(o, "from"), o.containsKey("ts") ? number(o, "ts") : 0, src);
                case "deleted" -> new ServerFrame.Deleted(string(o, "channel"), number(o, "seq"), src);
                case "presence" -> presence(o, src);
                case "history" -> new ServerFrame.History(string(o, "channel"), string(o, "epoch"), entries(o), id(o), src);
                case "error" -> new ServerFrame.Error(string(o, "code"), o.getString("message", ""), id(o), src);
                default -> null;
            });
        } catch (ClassCastException | NullPointerException | ArithmeticException e) {
            throw new MalformedFrameException("bad " + type.getString() + " frame: " + abbreviate(o.toString()));
        }
    }

    private static ServerFrame.Presence presence(JsonObject o, ServerFrame.Source src) throws MalformedFrameException {
        String channel = string(o, "channel");
        if (o.get("join") instanceof JsonObject join) {
            return new ServerFrame.Presence(channel, join.getString("user"), true, src);
        }
        if (o.get("leave") instanceof JsonObject leave) {
            return new ServerFrame.Presence(channel, leave.getString("user"), false, src);
        }
        throw new MalformedFrameException("presence without join or leave");
    }

    private static List<String> users(JsonObject o) {
        if (!(o.get("presence") instanceof JsonArray list)) {
            return null;
        }
        List<String> users = new ArrayList<>(list.size());
        for (JsonValue entry : list) {
            users.add(entry.asJsonObject().getString("user"));
        }
        return List.copyOf(users);
    }

    private static List<ServerFrame.HistoryEntry> entries(JsonObject o) {
        JsonArray list = o.getJsonArray("messages");
        List<ServerFrame.HistoryEntry> entries = new ArrayList<>(list.size());
        for (JsonValue value : list) {
            JsonObject e = value.asJsonObject();
            boolean deleted = e.getBoolean("deleted", false);
            entries.add(new ServerFrame.HistoryEntry(e.getJsonNumber("seq").longValueExact(),
                    deleted ? null : e.get("data"), e.getString("from", null),
                    e.containsKey("ts") ? e.getJsonNumber("ts").longValueExact() : 0, deleted));
        }
        return List.copyOf(entries);
    }

    private static String id(JsonObject o) {
        return o.get("id") instanceof JsonString s ? s.getString() : null;
    }

    private static String string(JsonObject o, String name) {
        return ((JsonString) requireField(o, name)).getString();
    }

    private static long number(JsonObject o, String name) {
        return ((JsonNumber) requireField(o, name)).longValueExact();
    }

    private static JsonValue required(JsonObject o, String name) {
        return requireField(o, name);
    }

    private static JsonValue requireField(JsonObject o, String name) {
        JsonValue value = o.get(name);
        if (value == null) {
            throw new NullPointerException(name);
        }
        return value;
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
