package io.switchboard.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;

/** A MicroProfile Config key with its default and meaning. */
public enum Setting {
    MAX_MESSAGE_BYTES("switchboard.max-message-bytes", "65536",
            "Largest client message (bytes of UTF-8, or of MessagePack); a larger one closes the connection with 1009."),
    MAX_JSON_DEPTH("switchboard.max-json-depth", "64",
            "Deepest JSON (or MessagePack) nesting accepted in a client frame; deeper gets a bad_json error."),
    HTTP_MAX_BODY_BYTES("switchboard.http.max-body-bytes", "65536",
            "Largest HTTP request body (bytes); a larger one gets 413 before it is read. Bodies also get the JSON depth limit."),
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
            "On shutdown, how long connections get to drain their queues before the 1001 close."),
    METRICS_JMX("switchboard.metrics.jmx", "true",
            "Register the MXBean io.switchboard:type=Hub (the /metrics figures) on the platform MBean server, for JMX and Payara's monitoring."),
    HEALTH_DATABASE_TIMEOUT("switchboard.health.database-timeout", "2s",
            "Longest a readiness check waits for the database's answer; no answer in time reports DOWN."),
    DATA_DIR("switchboard.data-dir", "./data",
            "Directory of the embedded database (created if missing; kept across restarts)."),
    // The data source is defined from these through META-INF/microprofile-config.properties, which
    // holds the same defaults; they are listed here so the README's table stays complete.
    DATASOURCE_CLASS("switchboard.datasource.class", "org.h2.jdbcx.JdbcDataSource",
            "JDBC DataSource class: org.h2.jdbcx.JdbcDataSource (embedded) or org.postgresql.ds.PGSimpleDataSource."),
    DATASOURCE_URL("switchboard.datasource.url", "jdbc:h2:file:${switchboard.data-dir}/switchboard;MODE=LEGACY",
            "JDBC URL of the database, e.g. jdbc:postgresql://db.example:5432/switchboard."),
    DATASOURCE_USER("switchboard.datasource.user", "switchboard",
            "Database user."),
    DATASOURCE_PASSWORD("switchboard.datasource.password", "switchboard",
            "Database password (set it from an environment variable, SWITCHBOARD_DATASOURCE_PASSWORD, in production)."),
    ADMIN_INITIAL_PASSWORD("switchboard.admin.initial-password", "",
            "Password of the admin user created on first start; empty means a random one, printed once to the log."),
    DEMO_USERS("switchboard.demo-users", "false",
            "Create the demo users alice, bob (user), mod (moderator) and admin (admin), all with password demo."),
    COOKIE_SECURE("switchboard.cookie.secure", "false",
            "Mark the session and SBLOGIN cookies Secure (they are whenever the request came over TLS); turn on when TLS ends in front of the server."),
    SESSION_TIMEOUT("switchboard.session.timeout", "8h",
            "How long a login session lives without HTTP requests; when it ends, its connections close with 4001."),
    LOGIN_PERSISTENT("switchboard.login.persistent", "7d",
            "Longest a login is kept across server restarts by its SBLOGIN cookie (at most 30d; 0 turns this off). It still ends with its session: logout, ban, disable, role or password change, or switchboard.session.timeout without HTTP requests."),
    LOGIN_MAX_FAILURES("switchboard.login.max-failures", "5",
            "Failed logins for one user name from one address, within the window, before further tries get 429."),
    LOGIN_WINDOW("switchboard.login.window", "15m",
            "The window for counting failed logins."),
    LOGIN_MAX_PER_ADDRESS("switchboard.login.max-per-address-per-minute", "30",
            "Login attempts, right or wrong, per minute from one address (each costs a password hash); more get 429."),
    PASSWORD_ALGORITHM("switchboard.password.algorithm", "PBKDF2WithHmacSHA256",
            "Hash for new and rehashed passwords: PBKDF2WithHmacSHA256, PBKDF2WithHmacSHA384 or PBKDF2WithHmacSHA512."),
    PASSWORD_ITERATIONS("switchboard.password.iterations", "600000",
            "PBKDF2 iterations for new passwords (OWASP: 600000 for SHA256, 210000 for SHA512); weaker stored hashes are redone at the next login."),
    PASSWORD_MIN_LENGTH("switchboard.password.min-length", "8",
            "Fewest characters a password set through the admin API may have."),
    ALLOWED_ORIGINS("switchboard.allowed-origins", "",
            "Comma-separated origins (scheme://host:port) allowed to log in and open connections; empty means the server's own origin as the client reached it."),
    ALLOW_MISSING_ORIGIN("switchboard.allow-missing-origin", "false",
            "Accept handshakes and logins without an Origin header (for non-browser clients)."),
    CHANNEL_RULES("switchboard.channel-rules",
            "announce.*:subscribe=user,publish=moderator;admin.*:subscribe=admin,publish=admin;*:subscribe=user,publish=user",
            "Who may subscribe and publish, per channel-name prefix; the longest matching prefix wins."),
    CONNECTION_MAX_LIFETIME("switchboard.connection.max-lifetime", "24h",
            "Connections older than this are closed with 4001 so credentials are checked again."),
    RATE_MESSAGES_PER_SECOND("switchboard.rate.messages-per-second", "50",
            "Frames per second one user or API key may send, over all its connections and HTTP publishes (token bucket refill rate)."),
    RATE_BURST("switchboard.rate.burst", "100",
            "Frames one user or API key may send at once above the rate (token bucket size)."),
    RATE_CLOSE_AFTER_SECONDS("switchboard.rate.close-after-seconds", "10",
            "A connection that stays over its identity's rate limit this long is closed with 4008."),
    CONNECTIONS_MAX("switchboard.connections.max", "10000",
            "Open connections on this instance; handshakes beyond it get 503."),
    CONNECTIONS_MAX_PER_USER("switchboard.connections.max-per-user", "20",
            "Open connections per user or API key; handshakes beyond it get 429."),
    CONNECTIONS_MAX_PER_ADDRESS("switchboard.connections.max-per-address", "200",
            "Open connections per remote address; handshakes beyond it get 429."),
    BROADCAST_ROLE("switchboard.broadcast.role", "user",
            "Least role that may broadcast: user, moderator or admin; a broadcast from a lower role gets a forbidden error."),
    BROADCAST_MESSAGES_PER_SECOND("switchboard.broadcast.messages-per-second", "1",
            "Broadcasts per second one connection may send (token bucket refill rate; fractions such as 0.1 allowed); more get a rate_limited error."),
    BROADCAST_BURST("switchboard.broadcast.burst", "5",
            "Broadcasts one connection may send at once above that rate (token bucket size)."),
    BROADCAST_MAX_BYTES("switchboard.broadcast.max-bytes", "4096",
            "Largest data of one broadcast, in bytes of UTF-8 of its compact JSON text; a larger one gets a limit_exceeded error."),
    CHANNEL_POLICIES("switchboard.channel-policies",
            "*:durable=true,max-messages=1000,max-age=24h,presence=true",
            "Storage and presence per channel-name prefix (longest match wins): durable=false keeps no history; max-messages and max-age bound the history; presence=false turns presence off."),
    DEDUP_WINDOW("switchboard.dedup-window", "10m",
            "A publish whose sender and id match a message stored in the channel this recently is acked with the first seq and not stored again."),
    RECOVERY_MAX_MESSAGES("switchboard.recovery.max-messages", "1000",
            "Most missed messages a resubscribe with since recovers; a larger gap answers recovered=false."),
    HISTORY_MAX_LIMIT("switchboard.history.max-limit", "100",
            "Most messages one history request returns (frame and HTTP)."),
    CHANNELS_LIST_MAX_LIMIT("switchboard.channels.list-max-limit", "100",
            "Most channels one GET /api/channels answer lists (its limit parameter is capped at this)."),
    PUBLISH_MAX_PENDING("switchboard.publish.max-pending", "10000",
            "Publishes waiting to be stored per channel; more are refused with an unavailable error."),
    PUBLISH_MAX_BATCH("switchboard.publish.max-batch", "500",
            "Most publishes to one channel stored in one transaction (group commit)."),
    PUBLISH_WRITERS("switchboard.publish.writers", "4",
            "Threads that store publishes; each channel has at most one transaction in flight."),
    PUBLISH_BATCHES_PER_TURN("switchboard.publish.batches-per-turn", "2",
            "Transactions a channel's writer runs in a row before its thread goes to the other channels waiting; then it queues again."),
    CHANNEL_WORKERS("switchboard.channel.workers", "4",
            "Threads that run subscribes, history reads and the hand-over of publishes, one request at a time per connection."),
    CONNECTION_MAX_PENDING("switchboard.connection.max-pending-requests", "256",
            "Channel requests (subscribe, unsubscribe, publish, history) of one connection waiting to run; more get an unavailable error."),
    CONNECTION_REQUESTS_PER_TURN("switchboard.connection.requests-per-turn", "16",
            "Channel requests of one connection run in a row before its worker goes to the other connections waiting; then it queues again."),
    RETENTION_INTERVAL("switchboard.retention.interval", "1m",
            "How often history beyond each channel's max-messages and max-age is deleted."),
    RETENTION_BATCH_SIZE("switchboard.retention.batch-size", "1000",
            "Messages retention deletes per statement; a run goes on while a batch was full."),
    CLUSTER_REORDER_WAIT("switchboard.cluster.reorder-wait", "200ms",
            "Clustered: how long a channel's messages that arrive from another instance ahead of earlier ones wait for them before the gap is read from the database."),
    CLUSTER_MAX_HELD_BATCHES("switchboard.cluster.max-held-batches", "100",
            "Clustered: batches of one channel waiting behind a gap; one more and the gap is read from the database at once."),
    CLUSTER_CATCH_UP_INTERVAL("switchboard.cluster.catch-up-interval", "2s",
            "Clustered: how often each channel with subscribers on the instance is checked against the database; a message committed an interval earlier and still not delivered there (its cluster event was lost) is read from it."),
    CLUSTER_PRESENCE_TIMEOUT("switchboard.cluster.presence-timeout", "15s",
            "Clustered: an instance silent this long (hung, or gone from the cluster) loses its users' presence, with leave events."),
    ADMIN_MAX_PAGE_SIZE("switchboard.admin.max-page-size", "200",
            "Most rows one admin table request (connections, channels, audit log) returns, whatever limit it asks for."),
    ADMIN_MAX_CONSOLES("switchboard.admin.max-consoles", "16",
            "Admin console live sockets open at once on this instance; one more is closed with 1013 (try again later)."),
    ADMIN_LIVE_INTERVAL("switchboard.admin.live-interval", "1s",
            "How often the admin console's live socket gets a snapshot of the numbers; a console still receiving the last one skips it.");

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

    public String stringValue(Config config) {
        return rawValue(config);
    }

    public boolean booleanValue(Config config) {
        String raw = rawValue(config).toLowerCase(Locale.ROOT);
        if (!raw.equals("true") && !raw.equals("false")) {
            throw invalid(raw, "true or false");
        }
        return raw.equals("true");
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

    /** A positive decimal number such as {@code 0.5}, {@code 2} or {@code 1e-2}. */
    public double decimalValue(Config config) {
        String raw = rawValue(config);
        double value;
        try {
            // BigDecimal, not Double.parseDouble, which also takes "NaN", "Infinity", "1f" and hex.
            value = new BigDecimal(raw).doubleValue();
        } catch (NumberFormatException e) {
            throw invalid(raw, "a decimal number");
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(raw, "a positive number");
        }
        return value;
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

    public Duration parseDuration(String raw) {
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
