package io.switchboard.protocol;

import jakarta.websocket.CloseReason;

/**
 * Every close code the server uses, with the reason text it sends and whether a client should
 * reconnect. The README's close-code table is checked against this enum.
 */
public enum CloseCode {
    NORMAL(1000, "normal closure", false),
    GOING_AWAY(1001, "server shutting down", true),
    PROTOCOL_ERROR(1002, "protocol error", false),
    BINARY_NOT_SUPPORTED(1003, "binary frames are not supported", false),
    /** 1003 on a {@code switchboard.v1+msgpack} connection, whose frames are binary. */
    TEXT_NOT_SUPPORTED(1003, "text frames are not supported", false),
    INVALID_UTF8(1007, "invalid UTF-8", false),
    MESSAGE_TOO_BIG(1009, "message too big", false),
    INTERNAL_ERROR(1011, "internal error", true),
    SLOW_CONSUMER(1013, "slow consumer", true),
    UNSUPPORTED_PROTOCOL(4000, "unsupported protocol", false),
    SESSION_ENDED(4001, "session ended", true),
    HEARTBEAT_TIMEOUT(4002, "heartbeat timeout", true),
    KICKED(4003, "kicked", false),
    RATE_LIMITED(4008, "rate limit exceeded", true);

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

    /** Whether a client should reconnect (with backoff) after this close. */
    public boolean reconnect() {
        return reconnect;
    }

    public CloseReason toCloseReason() {
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
    }
}
