package io.switchboard.endpoint;

import io.switchboard.connection.UpgradedSocket;
import io.switchboard.connection.WireWriter;

/**
 * What a {@code /ws} handshake learns about the connection under it, kept in the new session's
 * properties: the TCP socket ({@link SocketCapture}, null where the container hides it) and the
 * container's writer, which Tyrus hands the upgrade handler ({@link MaskCheckingUpgradeHandler})
 * after the handshake's configurator ran, still on the handshake's thread.
 */
final class CapturedUpgrade {

    private final UpgradedSocket socket;
    private volatile WireWriter wire;

    CapturedUpgrade(UpgradedSocket socket) {
        this.socket = socket;
    }

    UpgradedSocket socket() {
        return socket;
    }

    WireWriter wire() {
        return wire;
    }

    void wire(WireWriter writer) {
        this.wire = writer;
    }
}
