package io.switchboard.client;

/**
 * How a client's frames travel (README, "Connecting" and "Framing"): the same protocol either way,
 * and the same {@link ServerFrame}s and {@code JsonValue} data for the application.
 */
public enum Encoding {
    /** JSON text frames, subprotocol {@code switchboard.v1}. */
    JSON("switchboard.v1"),
    /**
     * MessagePack in binary frames, subprotocol {@code switchboard.v1+msgpack}: smaller frames, and
     * bytes in data travel as {@code bin} rather than base64 (see {@link Bytes}).
     */
    MSGPACK("switchboard.v1+msgpack");

    private final String subprotocol;

    Encoding(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    /** The name offered in {@code Sec-WebSocket-Protocol}. */
    public String subprotocol() {
        return subprotocol;
    }
}
