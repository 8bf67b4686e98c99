package io.switchboard.protocol;

import java.util.List;

/**
 * The WebSocket subprotocols the server speaks: the same frames and rules, as JSON text or as
 * MessagePack in binary frames. A connection that negotiated none speaks {@link #V1}.
 */
public enum Subprotocol {
    V1(Names.V1, false),
    V1_MSGPACK(Names.V1_MSGPACK, true);

    /** The names as constants, for annotations. */
    public static final class Names {
        public static final String V1 = "switchboard.v1";
        public static final String V1_MSGPACK = "switchboard.v1+msgpack";

        private Names() {
        }
    }

    private final String wire;
    private final boolean binary;

    Subprotocol(String wire, boolean binary) {
        this.wire = wire;
        this.binary = binary;
    }

    /** The name offered and answered in {@code Sec-WebSocket-Protocol}. */
    public String wire() {
        return wire;
    }

    /** Whether its frames are MessagePack in binary frames rather than JSON in text frames. */
    public boolean binary() {
        return binary;
    }

    /** What a connection speaks after the handshake answered {@code negotiated} (empty: none). */
    public static Subprotocol negotiated(String negotiated) {
        return V1_MSGPACK.wire.equals(negotiated) ? V1_MSGPACK : V1;
    }

    /** The first of the client's offers the server speaks, in the client's order; empty if none. */
    public static String choose(List<String> offered) {
        for (String name : offered) {
            for (Subprotocol p : values()) {
                if (p.wire.equals(name)) {
                    return name;
                }
            }
        }
        return "";
    }
}
