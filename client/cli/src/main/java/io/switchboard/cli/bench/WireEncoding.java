package io.switchboard.cli.bench;

import java.util.Locale;

/** How the generated connections' frames travel: the subprotocol each handshake offers. */
public enum WireEncoding {
    /** JSON text frames, {@code switchboard.v1}. */
    JSON("switchboard.v1"),
    /** MessagePack binary frames, {@code switchboard.v1+msgpack}. */
    MSGPACK("switchboard.v1+msgpack");

    private final String subprotocol;

    WireEncoding(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    String subprotocol() {
        return subprotocol;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
