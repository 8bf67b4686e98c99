package io.switchboard.cli.tail;

import io.switchboard.cli.auth.Target;
import io.switchboard.client.SwitchboardClient;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * One WebSocket to the hub's {@code /ws} with the target's credential and the hub's own Origin,
 * offering {@code switchboard.v1}; no reconnect. Each line of each server frame goes to
 * {@code onLine} (the hub may coalesce several objects in one frame, split by {@code \n}).
 */
final class RawConnection implements AutoCloseable {

    /** Larger than any frame the hub sends with its default limits. */
    static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private final ClientManager tyrus = ClientManager.createClient();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private Session session;

    private RawConnection() {
    }

    static RawConnection open(Target target, Duration connectTimeout, Consumer<String> onLine)
            throws DeploymentException, IOException {
        RawConnection c = new RawConnection();
        c.tyrus.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, connectTimeout.toMillis());
        c.tyrus.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, MAX_FRAME_BYTES);
        c.tyrus.setDefaultMaxTextMessageBufferSize(MAX_FRAME_BYTES);
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of(SwitchboardClient.PROTOCOL))
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        headers.put("Origin", List.of(origin(target.url())));
                        if (target.apiKey() != null) {
                            headers.put("Authorization", List.of("Bearer " + target.apiKey()));
                        } else {
                            headers.put("Cookie", List.of(target.login().cookies().entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "))));
                        }
                    }
                }).build();
        try {
            c.session = c.tyrus.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig endpointConfig) {
                    session.setMaxTextMessageBufferSize(MAX_FRAME_BYTES);
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                        for (String line : text.split("\n")) {
                            if (!line.isBlank()) {
                                onLine.accept(line);
                            }
                        }
                    });
                }

                @Override
                public void onClose(Session session, CloseReason reason) {
                    c.closed.complete(reason);
                }

                @Override
                public void onError(Session session, Throwable error) {
                    // the close that follows says what ended the connection
                }
            }, config, wsUri(target.url()));
        } catch (DeploymentException | IOException | RuntimeException e) {
            c.tyrus.shutdown();
            throw e;
        }
        return c;
    }

    /** Sends one frame, waiting until it is written: typed lines are few, and the order must hold. */
    void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    /** Completes when the connection closed, by either side. */
    CompletableFuture<CloseReason> closed() {
        return closed;
    }

    @Override
    public void close() {
        try {
            if (session != null && session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "tail ended"));
            }
        } catch (IOException | RuntimeException e) {
            // already closing
        } finally {
            tyrus.shutdown();
        }
    }

    static URI wsUri(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String scheme = "https".equalsIgnoreCase(url.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + url.getRawAuthority() + (path.endsWith("/") ? path : path + "/") + "ws");
    }

    static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }
}
