package io.switchboard.cli.bench;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientProperties;

/** A {@link BenchSocket} over the Tyrus standalone (Grizzly) client. */
final class TyrusSocket extends BenchSocket {

    private static ClientEndpointConfig config(URI uri, WireEncoding encoding) {
        return ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of(encoding.subprotocol()))
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(java.util.Map<String, List<String>> headers) {
                        BenchLogin.headers(uri).forEach((name, value) -> headers.put(name, List.of(value)));
                    }
                })
                .build();
    }

    private volatile Session session;

    private TyrusSocket(int index, Handler handler, WireEncoding encoding) {
        super(index, handler, encoding);
    }

    /** One shared Grizzly transport with a small, fixed number of threads. */
    static ClientManager manager(int threads) {
        ClientManager manager = ClientManager.createClient();
        manager.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        manager.getProperties().put(GrizzlyClientProperties.SELECTOR_THREAD_POOL_CONFIG,
                ThreadPoolConfig.defaultConfig().setCorePoolSize(Math.max(3, threads)).setMaxPoolSize(Math.max(3, threads)));
        // Grizzly wants at least 3 worker threads.
        int workers = Math.max(3, threads);
        manager.getProperties().put(GrizzlyClientProperties.WORKER_THREAD_POOL_CONFIG,
                ThreadPoolConfig.defaultConfig().setCorePoolSize(workers).setMaxPoolSize(workers));
        manager.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, MAX_FRAME_BYTES);
        return manager;
    }

    static BenchSocket connect(ClientManager manager, URI uri, int index, Handler handler, WireEncoding encoding)
            throws Exception {
        TyrusSocket socket = new TyrusSocket(index, handler, encoding);
        socket.session = manager.connectToServer(socket.new Listener(), config(uri, encoding), uri);
        return socket;
    }

    private final class Listener extends Endpoint {
        @Override
        public void onOpen(Session s, EndpointConfig config) {
            s.setMaxTextMessageBufferSize(MAX_FRAME_BYTES);
            s.setMaxBinaryMessageBufferSize(MAX_FRAME_BYTES);
            s.setMaxIdleTimeout(0);
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) TyrusSocket.this::textFrame);
            s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) TyrusSocket.this::binaryFrame);
        }

        @Override
        public void onClose(Session s, CloseReason reason) {
            handler.onClose(TyrusSocket.this, reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }

        @Override
        public void onError(Session s, Throwable error) {
            handler.onError(TyrusSocket.this, error);
        }
    }

    @Override
    CompletionStage<?> transmit(String text) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.getAsyncRemote().sendText(text, result -> {
            if (result.isOK()) {
                sent.complete(null);
            } else {
                sent.completeExceptionally(result.getException());
            }
        });
        return sent;
    }


    @Override
    CompletionStage<?> transmit(ByteBuffer binary) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.getAsyncRemote().sendBinary(binary, result -> {
            if (result.isOK()) {
                sent.complete(null);
            } else {
                sent.completeExceptionally(result.getException());
            }
        });
        return sent;
    }

    @Override
    void close() {
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }

    @Override
    void abort() {
        close();
    }

    @Override
    boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen();
    }
}
