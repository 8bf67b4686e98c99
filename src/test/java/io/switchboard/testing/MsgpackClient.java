package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * A {@code switchboard.v1+msgpack} test client over the Tyrus client: sends Java maps as
 * MessagePack binary frames and decodes every object of every server frame, in arrival order, as
 * plain Java values (map, list, String, Long or BigInteger, Double, Boolean, byte[] for bin, null).
 * Written from the README alone, independently of the server's codec.
 */
public final class MsgpackClient implements AutoCloseable {

    public static final String PROTOCOL = "switchboard.v1+msgpack";
    private static final ClientManager CLIENTS = ClientManager.createClient();

    private final BlockingQueue<Map<String, Object>> objects = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final AtomicInteger binaryFrames = new AtomicInteger();
    private final AtomicInteger framesWithSeveralObjects = new AtomicInteger();
    private final AtomicInteger textFrames = new AtomicInteger();
    private final CountDownLatch readGate;
    private Session session;

    private MsgpackClient(CountDownLatch readGate) {
        this.readGate = readGate;
    }

    public static MsgpackClient connect(URI uri, Login.Credentials as) {
        return connect(uri, as, null);
    }

    /**
     * @param readGate when not null, the client stops reading (its I/O thread waits) at the first
     *                 frame until the latch is released: a slow reader
     */
    public static MsgpackClient connect(URI uri, Login.Credentials as, CountDownLatch readGate) {
        return connect(uri, as, List.of(), readGate);
    }

    /** As {@link #connect(URI, Login.Credentials, CountDownLatch)}, offering {@code extensions}. */
    public static MsgpackClient connect(URI uri, Login.Credentials as, List<Extension> extensions,
                                        CountDownLatch readGate) {
        MsgpackClient client = new MsgpackClient(readGate);
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of(PROTOCOL))
                .extensions(extensions)
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        as.headers().forEach((name, value) -> headers.put(name, List.of(value)));
                    }
                })
                .build();
        ClientManager manager = readGate == null ? CLIENTS : ClientManager.createClient();
        try {
            client.session = manager.connectToServer(client.new Listener(), config, uri);
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to " + uri, e);
        }
        client.session.setMaxBinaryMessageBufferSize(4 * 1024 * 1024);
        return client;
    }

    public Session session() {
        return session;
    }

    /** Sends {@code object} as one MessagePack binary frame. */
    public void send(Map<String, ?> object) {
        sendBytes(encode(object));
    }

    public void sendBytes(byte[] frame) {
        try {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(frame));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sendText(String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next object, failing the test when none arrives in time. */
    public Map<String, Object> next() {
        try {
            Map<String, Object> object = objects.poll(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(object).as("an object within %s%s", WsClient.WAIT,
                    closed.isDone() ? "; closed: " + closed.getNow(null) : "").isNotNull();
            return object;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Map<String, Object> next(Predicate<Map<String, Object>> wanted) {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> object = next();
            if (wanted.test(object)) {
                return object;
            }
        }
        throw new AssertionError("no matching object within " + WsClient.WAIT);
    }

    /** The next object of {@code type} or an error, failing unless it is of {@code type}. */
    public Map<String, Object> expect(String type) {
        Map<String, Object> object = next(o -> type.equals(o.get("type")) || "error".equals(o.get("type")));
        assertThat(object.get("type")).as("expected a %s, got %s", type, object).isEqualTo(type);
        return object;
    }

    public CloseReason awaitClose() {
        try {
            return closed.get(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + WsClient.WAIT, e);
        }
    }

    /** Binary frames received. */
    public int binaryFrames() {
        return binaryFrames.get();
    }

    /** Binary frames that held more than one object (the server coalesced them). */
    public int framesWithSeveralObjects() {
        return framesWithSeveralObjects.get();
    }

    public int textFrames() {
        return textFrames.get();
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

    /** A map of the given keys and values, in order; values may be null. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    // ------------------------------------------------------------------ MessagePack <-> Java

    public static byte[] encode(Object value) {
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            pack(out, value);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pack(MessagePacker out, Object value) throws IOException {
        if (value == null) {
            out.packNil();
        } else if (value instanceof Map<?, ?> map) {
            out.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                pack(out, e.getKey());
                pack(out, e.getValue());
            }
        } else if (value instanceof List<?> list) {
            out.packArrayHeader(list.size());
            for (Object item : list) {
                pack(out, item);
            }
        } else if (value instanceof String s) {
            out.packString(s);
        } else if (value instanceof Integer || value instanceof Long) {
            out.packLong(((Number) value).longValue());
        } else if (value instanceof BigInteger b) {
            out.packBigInteger(b);
        } else if (value instanceof Double d) {
            out.packDouble(d);
        } else if (value instanceof Boolean b) {
            out.packBoolean(b);
        } else if (value instanceof byte[] bytes) {
            out.packBinaryHeader(bytes.length).writePayload(bytes);
        } else {
            throw new IllegalArgumentException("no MessagePack form for " + value.getClass());
        }
    }

    /** Every object in {@code payload}, decoded back to back until its bytes are used up. */
    public static List<Object> decodeAll(byte[] payload) {
        List<Object> all = new ArrayList<>();
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(payload)) {
            while (in.hasNext()) {
                all.add(unpack(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    private static Object unpack(MessageUnpacker in) throws IOException {
        MessageFormat format = in.getNextFormat();
        switch (format.getValueType()) {
            case NIL:
                in.unpackNil();
                return null;
            case BOOLEAN:
                return in.unpackBoolean();
            case INTEGER:
                return format == MessageFormat.UINT64 ? in.unpackBigInteger() : in.unpackLong();
            case FLOAT:
                return in.unpackDouble();
            case STRING:
                return in.unpackString();
            case BINARY:
                return in.readPayload(in.unpackBinaryHeader());
            case ARRAY: {
                int n = in.unpackArrayHeader();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(unpack(in));
                }
                return list;
            }
            case MAP: {
                int n = in.unpackMapHeader();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(in.unpackString(), unpack(in));
                }
                return map;
            }
            default:
                throw new IllegalStateException("the server sent " + format);
        }
    }

    private final class Listener extends Endpoint {
        @Override
        public void onOpen(Session s, EndpointConfig config) {
            s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) frame -> {
                awaitGate();
                byte[] payload = new byte[frame.remaining()];
                frame.get(payload);
                List<Object> decoded = decodeAll(payload);
                binaryFrames.incrementAndGet();
                if (decoded.size() > 1) {
                    framesWithSeveralObjects.incrementAndGet();
                }
                for (Object o : decoded) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = (Map<String, Object>) o;
                    objects.add(object);
                }
            });
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> textFrames.incrementAndGet());
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
