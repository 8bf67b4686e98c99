package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A test client: connects with the Tyrus client, splits every server frame on newlines and keeps
 * each JSON object in arrival order.
 */
public final class WsClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final ClientManager CLIENTS = ClientManager.createClient();

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final CountDownLatch readGate;
    private volatile int rawFrames;
    private Session session;

    private WsClient(CountDownLatch readGate) {
        this.readGate = readGate;
    }

    /** Connects as the demo user alice. */
    public static WsClient connect(URI uri) {
        return connect(uri, List.of(WsClient.V1), List.of(), null);
    }

    public static WsClient connect(URI uri, Login.Credentials as) {
        return connect(uri, as, List.of(WsClient.V1), List.of(), null);
    }

    public static final String V1 = "switchboard.v1";

    /**
     * @param readGate when not null, the client stops reading (its I/O thread waits) until the
     *                 latch is released; that is how a slow consumer is made.
     */
    public static WsClient connect(URI uri, List<String> subprotocols, List<Extension> extensions,
                                   CountDownLatch readGate) {
        return connect(uri, Login.shared(uri, "alice"), subprotocols, extensions, readGate);
    }

    public static WsClient connect(URI uri, Login.Credentials as, List<String> subprotocols,
                                   List<Extension> extensions, CountDownLatch readGate) {
        WsClient client = new WsClient(readGate);
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(subprotocols)
                .extensions(extensions)
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        as.headers().forEach((name, value) -> headers.put(name, List.of(value)));
                    }
                })
                .build();
        // A client that stops reading gets a container of its own, so its blocked I/O thread
        // cannot stall the other test clients.
        ClientManager manager = readGate == null ? CLIENTS : ClientManager.createClient();
        try {
            client.session = manager.connectToServer(client.new Listener(), config, uri);
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to " + uri, e);
        }
        client.session.setMaxTextMessageBufferSize(4 * 1024 * 1024);
        return client;
    }

    public Session session() {
        return session;
    }

    public void send(String json) {
        try {
            session.getBasicRemote().sendText(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next frame, failing the test when none arrives in time. */
    public JsonObject next() {
        try {
            JsonObject frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame).as("a frame within %s%s", WAIT, closed.isDone() ? "; closed: " + closeState() : "").isNotNull();
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next frame of {@code type}, skipping others. */
    public JsonObject next(String type) {
        return next(f -> type.equals(f.getString("type", "")));
    }

    public JsonObject next(Predicate<JsonObject> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject frame = next();
            if (wanted.test(frame)) {
                return frame;
            }
        }
        throw new AssertionError("no matching frame within " + WAIT);
    }

    /**
     * The next frame that is of {@code type} or an {@code error}, skipping others; fails, showing
     * the error, unless it is of {@code type}. For replies, so a refusal fails at once rather than
     * after a timeout.
     */
    public JsonObject expect(String type) {
        JsonObject frame = next(f -> type.equals(f.getString("type", "")) || "error".equals(f.getString("type", "")));
        assertThat(frame.getString("type")).as("expected a %s frame, got %s", type, frame).isEqualTo(type);
        return frame;
    }

    /**
     * Every frame up to and including the first that matches {@code last}, in arrival order; for
     * asserting what did or did not arrive before a marker. Fails when none matches within
     * {@link #WAIT}.
     */
    public List<JsonObject> until(Predicate<JsonObject> last) {
        List<JsonObject> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonObject frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
                if (frame == null) {
                    throw new AssertionError("no matching frame within " + WAIT + "; got " + got);
                }
                got.add(frame);
                if (last.test(frame)) {
                    return got;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Frames that arrive within {@code wait}; for asserting that nothing (more) comes. */
    public List<JsonObject> drain(Duration wait) throws InterruptedException {
        List<JsonObject> got = new ArrayList<>();
        JsonObject f;
        while ((f = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            got.add(f);
        }
        return got;
    }

    private String closeState() {
        try {
            return String.valueOf(closed.getNow(null));
        } catch (Exception e) {
            return e.toString();
        }
    }

    public int rawFrames() {
        return rawFrames;
    }

    public CloseReason awaitClose() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + WAIT, e);
        }
    }

    public boolean isOpen() {
        return session.isOpen() && !closed.isDone();
    }

    @Override
    public void close() {
        try {
            if (session.isOpen()) {
                session.close();
            }
        } catch (Exception ignored) {
            // closing is best effort in tests
        }
    }

    private final class Listener extends Endpoint {
        @Override
        public void onOpen(Session s, EndpointConfig config) {
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                awaitGate();
                rawFrames++;
                for (String line : text.split("\n")) {
                    frames.add(READERS.createReader(new StringReader(line)).readObject());
                }
            });
        }

        @Override
        public void onClose(Session s, CloseReason reason) {
            closed.complete(reason);
        }

        @Override
        public void onError(Session s, Throwable t) {
            closed.completeExceptionally(t);
        }
    }

    private void awaitGate() {
        if (readGate == null) {
            return;
        }
        try {
            readGate.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
