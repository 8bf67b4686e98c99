package io.switchboard.cli.channel;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/** A message given on the command line or stdin: one JSON value, or with {@code --text} the text itself as a string. */
public final class JsonInput {

    /** The text is not one JSON value. */
    public static final class NotJsonException extends Exception {
        NotJsonException(String message) {
            super(message);
        }
    }

    private static final JsonProvider JSON = JsonProvider.provider();

    private JsonInput() {
    }

    public static JsonValue parse(String text, boolean asText) throws NotJsonException {
        return asText ? JSON.createValue(text) : json(text);
    }

    /** Exactly one JSON value: {@code {"a":1}}, {@code "text"}, {@code 42}, {@code null}; nothing after it. */
    public static JsonValue json(String text) throws NotJsonException {
        if (text.isBlank()) {
            throw new NotJsonException("empty");
        }
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            parser.next();
            JsonValue value = parser.getValue();
            boolean more;
            try {
                more = parser.hasNext();
            } catch (JsonException e) {
                more = true;
            }
            if (more) {
                throw new NotJsonException("something after the JSON value");
            }
            return value;
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new NotJsonException(firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
