package io.switchboard.protocol;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Turns one client text frame into a {@link ClientFrame}. Never throws: anything it cannot accept
 * becomes a {@link ClientFrame.Malformed} naming the error code.
 */
public final class FrameParser {

    // JsonProvider.provider() scans the class path on every call; look it up once.
    private static final JsonParserFactory PARSERS =
            JsonProvider.provider().createParserFactory(Map.of());

    private final int maxDepth;
    private final int maxBytes;

    public FrameParser(int maxDepth, int maxBytes) {
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
    }

    public ClientFrame parse(String text) {
        // A char is 1 to 3 UTF-8 bytes, so only texts near the limit need counting.
        if (text.length() > maxBytes / 3) {
            int bytes = Utf8.length(text);
            if (bytes > maxBytes) {
                return new ClientFrame.TooLarge(bytes, null);
            }
        }
        if (JsonDepth.exceeds(text, maxDepth)) {
            return new ClientFrame.Malformed(ErrorCode.BAD_JSON,
                    "JSON nested deeper than " + maxDepth + " levels", null);
        }
        JsonValue value;
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                return new ClientFrame.Malformed(ErrorCode.BAD_JSON, "empty frame", null);
            }
            parser.next();
            value = parser.getValue();
            // One value per frame: anything after it but white space makes the frame bad JSON.
            if (parser.hasNext()) {
                return new ClientFrame.Malformed(ErrorCode.BAD_JSON, "one JSON object per frame", null);
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            return new ClientFrame.Malformed(ErrorCode.BAD_JSON, "not valid JSON", null);
        }
        if (!(value instanceof JsonObject object)) {
            return new ClientFrame.Malformed(ErrorCode.BAD_JSON, "a frame must be a JSON object", null);
        }
        return fromObject(object);
    }

    /** The request a decoded frame object stands for; shared with {@link MsgpackParser}. */
    static ClientFrame fromObject(JsonObject o) {
        JsonValue idValue = o.get("id");
        if (idValue != null && !(idValue instanceof JsonString)) {
            return invalid("id must be a string", null);
        }
        String id = idValue == null ? null : ((JsonString) idValue).getString();
        if (!(o.get("type") instanceof JsonString typeValue)) {
            return invalid("type must be a string", id);
        }
        String type = typeValue.getString();
        return switch (type) {
            case "ping" -> new ClientFrame.Ping(id);
            case "echo" -> withData(o, id, type, data -> new ClientFrame.Echo(data, id));
            case "broadcast" -> withData(o, id, type, data -> new ClientFrame.Broadcast(data, id));
            case "subscribe" -> withChannel(o, id, channel -> subscribe(o, channel, id));
            case "unsubscribe" -> withChannel(o, id, channel -> new ClientFrame.Unsubscribe(channel, id));
            case "publish" -> withChannel(o, id, channel ->
                    withData(o, id, type, data -> new ClientFrame.Publish(channel, data, id)));
            case "history" -> withChannel(o, id, channel -> history(o, channel, id));
            default -> new ClientFrame.Malformed(ErrorCode.UNKNOWN_TYPE, "unknown type: " + type, id);
        };
    }

    private static ClientFrame withData(JsonObject o, String id, String type,
                                        Function<JsonValue, ClientFrame> frame) {
        JsonValue data = o.get("data");
        return data == null ? invalid(type + " needs a data field", id) : frame.apply(data);
    }

    private static ClientFrame withChannel(JsonObject o, String id,
                                           Function<String, ClientFrame> frame) {
        if (!(o.get("channel") instanceof JsonString channelValue)) {
            return invalid("channel must be a string", id);
        }
        String channel = channelValue.getString();
        if (!ChannelName.isValid(channel)) {
            return invalid("channel must match [A-Za-z0-9._:-]{1,128}", id);
        }
        return frame.apply(channel);
    }

    private static ClientFrame subscribe(JsonObject o, String channel, String id) {
        JsonValue since = o.get("since");
        if (since == null || since == JsonValue.NULL) {
            return new ClientFrame.Subscribe(channel, null, id);
        }
        if (!(since instanceof JsonObject s)
                || !(s.get("epoch") instanceof JsonString epoch)
                || wholeNumber(s.get("seq"), 0) == null) {
            return invalid("since must be {\"seq\":N,\"epoch\":E} with N a whole number >= 0 and E a string", id);
        }
        return new ClientFrame.Subscribe(channel,
                new ClientFrame.Since(wholeNumber(s.get("seq"), 0), epoch.getString()), id);
    }

    private static ClientFrame history(JsonObject o, String channel, String id) {
        JsonValue before = o.get("before");
        JsonValue limit = o.get("limit");
        Long beforeSeq = before == null || before == JsonValue.NULL ? null : wholeNumber(before, 1);
        Long limitCount = limit == null || limit == JsonValue.NULL ? null : wholeNumber(limit, 1);
        if ((before != null && before != JsonValue.NULL && beforeSeq == null)
                || (limit != null && limit != JsonValue.NULL && limitCount == null)) {
            return invalid("before and limit must be whole numbers >= 1", id);
        }
        return new ClientFrame.History(channel, beforeSeq,
                limitCount == null ? null : (int) Math.min(Integer.MAX_VALUE, limitCount), id);
    }

    /** The value as a long if it is a whole number of at least {@code min}, else null. */
    private static Long wholeNumber(JsonValue value, long min) {
        if (value instanceof JsonNumber n && n.isIntegral()) {
            try {
                long v = n.longValueExact();
                return v >= min ? v : null;
            } catch (ArithmeticException tooBig) {
                return null;
            }
        }
        return null;
    }

    private static ClientFrame invalid(String message, String id) {
        return new ClientFrame.Malformed(ErrorCode.INVALID, message, id);
    }
}
