package io.switchboard.endpoint;

import io.switchboard.connection.WireWriter;
import org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

/**
 * Tyrus' servlet upgrade handler, with the connection it creates wrapped in a
 * {@link MaskCheckingConnection}, so that the bytes it reads from the socket pass the mask check
 * before Tyrus parses them. It also hands the {@code /ws} handshake under way on this thread
 * ({@link CapturedUpgrade}) the writer for the session's sends: the socket's own where it can be
 * reached ({@link io.switchboard.connection.UpgradedSocket#writer()}), else the one Tyrus gives it.
 * Instantiated by the container (public, no-argument constructor).
 */
public class MaskCheckingUpgradeHandler extends TyrusHttpUpgradeHandler {

    @Override
    public void preInit(WebSocketEngine.UpgradeInfo upgradeInfo, Writer writer, boolean authenticated) {
        CapturedUpgrade upgrade = SocketCapture.current();
        if (upgrade != null) {
            WireWriter direct = upgrade.socket() == null ? null : upgrade.socket().writer();
            upgrade.wire(direct != null ? direct : new TyrusWireWriter(writer));
        }
        super.preInit(new WebSocketEngine.UpgradeInfo() {
            @Override
            public WebSocketEngine.UpgradeStatus getStatus() {
                return upgradeInfo.getStatus();
            }

            @Override
            public Connection createConnection(Writer connectionWriter, Connection.CloseListener closeListener) {
                return new MaskCheckingConnection(upgradeInfo.createConnection(connectionWriter, closeListener));
            }
        }, writer, authenticated);
    }
}
