package io.switchboard.config;

import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;

/** A MicroProfile Config key with its default and meaning. */
public enum Setting {
    MAX_MESSAGE_BYTES("switchboard.max-message-bytes", "65536",
            "Largest client message (bytes of UTF-8); a larger one closes the connection with 1009."),
    MAX_JSON_DEPTH("switchboard.max-json-depth", "64",
            "Deepest JSON nesting accepted in a client frame; deeper gets a bad_json error."),
    MAX_SUBSCRIPTIONS("switchboard.connection.max-subscriptions", "1000",
            "Channels one connection may be subscribed to at once; one more gets a limit_exceeded error."),
    OUTBOUND_MAX_BYTES("switchboard.outbound.max-bytes", "1048576",
            "Bytes of frames queued for one connection; overflow closes it with 1013 (slow consumer)."),
    OUTBOUND_BATCH_MAX_BYTES("switchboard.outbound.batch-max-bytes", "65536",
            "Most bytes coalesced into one outgoing WebSocket frame (queued frames joined by newlines)."),
    CLOSE_TIMEOUT("switchboard.close-timeout", "5s",
            "How long a close frame may take to be written before the TCP connection is aborted."),
    HEARTBEAT_INTERVAL("switchboard.heartbeat.interval", "25s",
            "How often the server sends each connection a WebSocket ping."),
    HEARTBEAT_TIMEOUT("switchboard.heartbeat.timeout", "60s",
            "Silence (no frame, no pong) after which a connection is closed with 4002."),
    SHUTDOWN_DRAIN_SECONDS("switchboard.shutdown.drain-seconds", "10",
            "On shutdown, how long connections get to drain their queues before the 1001 close.");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String rawValue(Config config) {
        return config.getOptionalValue(key, String.class).orElse(defaultValue).trim();
    }

    public int intValue(Config config) {
        long value = positive(parseLong(rawValue(config)));
        if (value > Integer.MAX_VALUE) {
            throw invalid(rawValue(config), "at most " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    public long longValue(Config config) {
        return positive(parseLong(rawValue(config)));
    }

    /** Durations are written {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT5S}); a bare number is seconds. */
    public Duration durationValue(Config config) {
        Duration d = parseDuration(rawValue(config));
        if (d.isNegative() || d.isZero()) {
            throw invalid(rawValue(config), "a positive duration");
        }
        return d;
    }

    private long parseLong(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw invalid(raw, "a whole number");
        }
    }

    private <N extends Number> N positive(N n) {
        if (n.longValue() <= 0) {
            throw invalid(String.valueOf(n), "a positive number");
        }
        return n;
    }

    Duration parseDuration(String raw) {
        String s = raw.toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) {
                return Duration.parse(raw.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            }
            long amount = Long.parseLong(s.replaceAll("[smhd]$", "").trim());
            return switch (s.charAt(s.length() - 1)) {
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (RuntimeException e) {
            throw invalid(raw, "a duration such as 500ms, 5s, 2m or 1h");
        }
    }

    private IllegalArgumentException invalid(String raw, String expected) {
        return new IllegalArgumentException(key + "=" + raw + " is not " + expected);
    }
}
