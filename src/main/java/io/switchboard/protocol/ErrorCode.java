package io.switchboard.protocol;

/** The {@code code} of an error frame. An error frame never closes the connection. */
public enum ErrorCode {
    BAD_JSON("bad_json", "the frame is not a JSON object, or is nested too deeply"),
    UNKNOWN_TYPE("unknown_type", "the frame's type is not one the server knows"),
    INVALID("invalid", "a field is missing or has the wrong type or syntax"),
    LIMIT_EXCEEDED("limit_exceeded", "the request would take the connection over a configured limit"),
    FORBIDDEN("forbidden", "the connection's user may not do this in this channel, or may not broadcast"),
    RATE_LIMITED("rate_limited", "the connection sent frames faster than its rate limit; the frame was dropped"),
    UNAVAILABLE("unavailable", "the server could not do it now; nothing was stored; retry later");

    private final String wire;
    private final String meaning;

    ErrorCode(String wire, String meaning) {
        this.wire = wire;
        this.meaning = meaning;
    }

    public String wire() {
        return wire;
    }

    public String meaning() {
        return meaning;
    }
}
