package io.switchboard.client;

import java.util.Optional;

/**
 * The close codes of the README's close-code table, each with whether a client should reconnect
 * ("no" means reconnecting unchanged fails again). Codes not in the table, such as 1006 for a
 * connection lost without a close frame, reconnect.
 */
public enum CloseCode {
    NORMAL_CLOSURE(1000, "normal closure", false),
    GOING_AWAY(1001, "server shutting down", true),
    PROTOCOL_ERROR(1002, "protocol error", false),
    /** A binary frame on {@code switchboard.v1}, or a text frame on {@code switchboard.v1+msgpack}. */
    BINARY_NOT_SUPPORTED(1003, "binary frames are not supported / text frames are not supported", false),
    INVALID_UTF8(1007, "invalid UTF-8", false),
    MESSAGE_TOO_BIG(1009, "message too big", false),
    INTERNAL_ERROR(1011, "internal error", true),
    SLOW_CONSUMER(1013, "slow consumer", true),
    UNSUPPORTED_PROTOCOL(4000, "unsupported protocol", false),
    /** Logout, expiry, roles changed or max lifetime: a password client logs in again if the handshake answers 401. */
    SESSION_ENDED(4001, "session ended", true),
    HEARTBEAT_TIMEOUT(4002, "heartbeat timeout", true),
    KICKED(4003, "kicked", false),
    RATE_LIMIT_EXCEEDED(4008, "rate limit exceeded", true);

    /** What the client reports for a connection that ended without a close frame, or that it gave up. */
    public static final int ABNORMAL = 1006;

    private final int code;
    private final String reason;
    private final boolean reconnect;

    CloseCode(int code, String reason, boolean reconnect) {
        this.code = code;
        this.reason = reason;
        this.reconnect = reconnect;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public boolean reconnect() {
        return reconnect;
    }

    public static Optional<CloseCode> of(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Whether a connection closed with {@code code} should be followed by a reconnect. */
    public static boolean reconnects(int code) {
        return of(code).map(CloseCode::reconnect).orElse(true);
    }
}
