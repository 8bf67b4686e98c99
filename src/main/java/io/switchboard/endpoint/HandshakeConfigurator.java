package io.switchboard.endpoint;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import io.switchboard.connection.UpgradedSocket;
import io.switchboard.security.Identity;
import io.switchboard.security.Role;
import io.switchboard.security.SessionKey;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.ext.extension.deflate.PerMessageDeflateExtension;

/**
 * Negotiates the subprotocol and permessage-deflate. A client offering no subprotocol speaks v1;
 * one offering only unknown subprotocols is accepted and then closed with 4000.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    public static final String SUBPROTOCOL = "switchboard.v1";
    private static final String DEFLATE = "permessage-deflate";

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.contains(SUBPROTOCOL) ? SUBPROTOCOL : "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        boolean offered = requested.stream().anyMatch(e -> DEFLATE.equals(e.getName()));
        return offered ? List.of(new PerMessageDeflateExtension()) : List.of();
    }

    private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";
    private static final String UNSUPPORTED_PROTOCOL = "switchboard.unsupported-protocol";
    private static final String IDENTITY = "switchboard.identity";
    private static final String SOCKET = "switchboard.socket";

    /**
     * The container hands each handshake its own copy of the user properties and copies them into
     * the new session, so a flag put here reaches exactly this connection's {@code @OnOpen}.
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        List<String> offered = request.getHeaders().get(PROTOCOL_HEADER);
        List<String> chosen = response.getHeaders().get(PROTOCOL_HEADER);
        boolean unsupported = offered != null && !offered.isEmpty() && (chosen == null || chosen.isEmpty());
        sec.getUserProperties().put(UNSUPPORTED_PROTOCOL, unsupported);
        sec.getUserProperties().put(IDENTITY, identityOf(request));
        UpgradedSocket socket = SocketCapture.current();
        if (socket != null) {
            sec.getUserProperties().put(SOCKET, socket);
        }
    }

    /** The handshake gate has already refused requests without a principal, and looked up the roles. */
    private static Identity identityOf(HandshakeRequest request) {
        Principal principal = request.getUserPrincipal();
        Set<Role> roles = VerifiedRoles.read(request);
        String address = request instanceof RequestContext context ? context.getRemoteAddr() : "unknown";
        HttpSession session = (HttpSession) request.getHttpSession();
        return new Identity(principal == null ? "anonymous" : principal.getName(), roles,
                SessionKey.of(session), address);
    }

    static Identity identity(Session session) {
        return (Identity) session.getUserProperties().get(IDENTITY);
    }

    /** The TCP connection under the session, or null where it cannot be reached. */
    static UpgradedSocket socket(Session session) {
        return (UpgradedSocket) session.getUserProperties().get(SOCKET);
    }

    static boolean acceptedProtocol(Session session) {
        return !Boolean.TRUE.equals(session.getUserProperties().get(UNSUPPORTED_PROTOCOL));
    }
}
