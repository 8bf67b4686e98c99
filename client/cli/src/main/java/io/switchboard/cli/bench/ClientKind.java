package io.switchboard.cli.bench;

import java.util.Locale;

/** The WebSocket client library that carries the generated connections. */
public enum ClientKind {
    /** The JDK's {@code java.net.http} WebSocket. */
    JDK,
    /** The Tyrus standalone (Grizzly) client, the library under the server's own WebSocket layer. */
    TYRUS;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
