package io.switchboard.log;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One event for the log: a name and fields, logged as a single record whose message is
 * {@code NAME key=value key=value ...} and whose one parameter is the fields as a {@link Map}
 * ({@code event} first). Payara's {@code JSONLogFormatter} writes each entry of a Map parameter as a
 * field of the JSON line, so the fields are queryable there; every other formatter shows the
 * message. Values are escaped by {@link #printable} and quoted when they hold a space, a quote or
 * an equals sign, so a client-supplied value can neither forge a line nor a field.
 * Never give it a message body, a password, a cookie, a session id or a key.
 */
public final class LogEvent {

    private static final int MAX_VALUE = 100;

    private final String name;
    private final Map<String, String> fields = new LinkedHashMap<>();

    private LogEvent(String name) {
        this.name = name;
        fields.put("event", name);
    }

    /** An event called {@code name}, such as {@code connection.opened}. */
    public static LogEvent of(String name) {
        return new LogEvent(name);
    }

    /** Adds a field; a null value is written as {@code -}. */
    public LogEvent with(String key, Object value) {
        fields.put(key, printable(value == null ? null : String.valueOf(value)));
        return this;
    }

    /** Logs the event at {@code level}, if {@code logger} logs that level. */
    public void log(Logger logger, Level level) {
        if (!logger.isLoggable(level)) {
            return;
        }
        // The pattern is ours alone; values reach the text only as the parameter's rendering, so a
        // brace in a value is never read as a MessageFormat pattern.
        LogRecord record = new LogRecord(level, "{0}");
        record.setParameters(new Object[] {new Fields(name, fields)});
        record.setLoggerName(logger.getName());
        record.setSourceClassName(logger.getName());
        record.setSourceMethodName(name);
        logger.log(record);
    }

    /** Logs the event at INFO. */
    public void info(Logger logger) {
        log(logger, Level.INFO);
    }

    /** The {@code NAME key=value ...} text of the event. */
    @Override
    public String toString() {
        return new Fields(name, fields).toString();
    }

    /**
     * The text with control characters, backslashes and anything beyond printable ASCII escaped as
     * a backslash, u and four hex digits, and cut at 100 characters: a client-supplied value can
     * then neither forge a log line with CR/LF nor fill the log. Null is {@code -}.
     */
    public static String printable(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_VALUE) + 8);
        for (int i = 0; i < text.length() && i < MAX_VALUE; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (text.length() > MAX_VALUE) {
            out.append("...");
        }
        return out.toString();
    }

    /** The record's parameter: a read-only map of the fields that prints as the event's text. */
    private static final class Fields extends AbstractMap<String, String> {

        private final String name;
        private final Map<String, String> fields;

        Fields(String name, Map<String, String> fields) {
            this.name = name;
            this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return fields.entrySet();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(name);
            fields.forEach((key, value) -> {
                if (!key.equals("event")) {
                    text.append(' ').append(key).append('=').append(quoted(value));
                }
            });
            return text.toString();
        }

        private static String quoted(String value) {
            if (value.isEmpty() || value.indexOf(' ') >= 0 || value.indexOf('"') >= 0 || value.indexOf('=') >= 0) {
                // printable() left no backslash unescaped, so only the quote needs one
                return '"' + value.replace("\"", "\\\"") + '"';
            }
            return value;
        }
    }
}
