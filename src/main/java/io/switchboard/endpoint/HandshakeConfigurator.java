package io.switchboard.endpoint;

import io.switchboard.connection.UpgradedSocket;
import io.switchboard.connection.WireWriter;
import io.switchboard.protocol.Subprotocol;
import io.switchboard.security.Identity;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.ext.extension.deflate.PerMessageDeflateExtension;
import org.glassfish.tyrus.spi.UpgradeResponse;

/**
 * Negotiates the subprotocol and permessage-deflate. A client offering no subprotocol speaks v1;
 * one offering both v1 and v1+msgpack gets the first it offered; one offering only unknown
 * subprotocols is accepted and then closed with 4000.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    public static final String SUBPROTOCOL = Subprotocol.Names.V1;
    public static final String MSGPACK_SUBPROTOCOL = Subprotocol.Names.V1_MSGPACK;
    private static final String DEFLATE = "permessage-deflate";

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return Subprotocol.choose(requested);
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        boolean offered = requested.stream().anyMatch(e -> DEFLATE.equals(e.getName()));
        return offered ? List.of(new PerMessageDeflateExtension()) : List.of();
    }

    private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";
    private static final String UNSUPPORTED_PROTOCOL = "switchboard.unsupported-protocol";
    private static final String IDENTITY = "switchboard.identity";
    private static final String SLOT = "switchboard.slot";
    private static final String SOCKET = "switchboard.socket";
    private static final int MAX_ORIGIN = 200;

    // Looked up at the first connection; one configurator serves one deployment of the endpoint.
    private volatile HubServices services;

    /**
     * Makes the endpoint itself rather than through CDI: the container's CDI path builds a new
     * injection target for every connection, holding a lock on the bean manager to do it, and keeps
     * it with its injection points until the connection closes (about 3 KB of heap per connection).
     */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != HubEndpoint.class) {
            return super.getEndpointInstance(endpointClass);
        }
        HubServices known = services;
        if (known == null) {
            known = CDI.current().select(HubServices.class).get();
            services = known;
        }
        return endpointClass.cast(new HubEndpoint(known));
    }

    /**
     * The container hands each handshake its own copy of the user properties and copies them into
     * the new session, so a value put here reaches exactly this connection's {@code @OnOpen}.
     * A handshake that did not pass the handshake gate (the gate's record of it is missing) is
     * refused with 403 here rather than opened without an identity.
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        VerifiedHandshake verified = VerifiedHandshake.read(request);
        Principal principal = request.getUserPrincipal();
        if (verified == null || principal == null) {
            if (response instanceof UpgradeResponse upgrade) {
                upgrade.setStatus(HttpServletResponse.SC_FORBIDDEN);
            }
            sec.getUserProperties().remove(IDENTITY);
            return;
        }
        List<String> offered = request.getHeaders().get(PROTOCOL_HEADER);
        List<String> chosen = response.getHeaders().get(PROTOCOL_HEADER);
        boolean unsupported = offered != null && !offered.isEmpty() && (chosen == null || chosen.isEmpty());
        sec.getUserProperties().put(UNSUPPORTED_PROTOCOL, unsupported);
        String address = request instanceof RequestContext context ? context.getRemoteAddr() : "unknown";
        sec.getUserProperties().put(IDENTITY, new Identity(principal.getName(), verified.roles(),
                verified.sessionKey(), address, origin(request)));
        sec.getUserProperties().put(SLOT, verified.slot());
        CapturedUpgrade upgrade = SocketCapture.current();
        if (upgrade != null) {
            sec.getUserProperties().put(SOCKET, upgrade);
        }
    }

    /** The handshake's Origin header, cut to a length fit for a table, or null. */
    private static String origin(HandshakeRequest request) {
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if ("Origin".equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                String origin = header.getValue().get(0);
                return origin.length() <= MAX_ORIGIN ? origin : origin.substring(0, MAX_ORIGIN);
            }
        }
        return null;
    }

    static Identity identity(Session session) {
        return (Identity) session.getUserProperties().get(IDENTITY);
    }

    /** The connection slot the handshake gate reserved for this connection. */
    static String slot(Session session) {
        return (String) session.getUserProperties().get(SLOT);
    }

    /** The TCP connection under the session, or null where it cannot be reached. */
    static UpgradedSocket socket(Session session) {
        return session.getUserProperties().get(SOCKET) instanceof CapturedUpgrade upgrade ? upgrade.socket() : null;
    }

    /** The container's writer under the session, or null where it cannot be reached. */
    static WireWriter wire(Session session) {
        return session.getUserProperties().get(SOCKET) instanceof CapturedUpgrade upgrade ? upgrade.wire() : null;
    }

    static boolean acceptedProtocol(Session session) {
        return !Boolean.TRUE.equals(session.getUserProperties().get(UNSUPPORTED_PROTOCOL));
    }
}
