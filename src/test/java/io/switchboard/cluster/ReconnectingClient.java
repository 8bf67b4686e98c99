package io.switchboard.cluster;

import io.switchboard.testing.Login;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * A client of the failover test that stays connected: when its connection closes, whatever the
 * code, it reconnects to the same address with the same login (backing off from 50 ms to 1 s) and
 * tells its subclass, which restores its state ({@link #connected}) and reports when it is fully
 * back ({@link #back}). Records how long each outage lasted, the close codes and anything the
 * protocol promised that did not happen ({@link #failures}).
 */
abstract class ReconnectingClient {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final ClientManager CLIENTS = shared();

    final String name;
    private final URI uri;
    private final ClientEndpointConfig config;
    private final ScheduledExecutorService scheduler;
    private final Object sending = new Object();
    private final List<Long> outages = new ArrayList<>();
    private final List<Integer> closeCodes = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private Session current;
    private long downSince;
    private int attempts;
    private final Map<String, Integer> refusals = new java.util.TreeMap<>();
    private volatile boolean stopped;

    ReconnectingClient(String name, URI uri, Login.Credentials as, ScheduledExecutorService scheduler) {
        this.name = name;
        this.uri = uri;
        this.scheduler = scheduler;
        this.config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of(WsClient.V1))
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        as.headers().forEach((header, value) -> headers.put(header, List.of(value)));
                    }
                })
                .build();
    }

    private static ClientManager shared() {
        ClientManager manager = ClientManager.createClient();
        // one transport for every connection, rather than threads of its own for each of hundreds
        manager.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, 10_000);
        return manager;
    }

    /** Connects in the background; {@link #connected} follows. */
    void start() {
        scheduler.execute(this::attempt);
    }

    /** Closes the connection for good. */
    void stop() {
        Session s;
        synchronized (this) {
            stopped = true;
            s = current;
            current = null;
        }
        if (s != null) {
            try {
                s.close();
            } catch (Exception ignored) {
                // it is going anyway
            }
        }
    }

    /** Called (on a scheduler thread) once a connection is open; restores what the client had. */
    abstract void connected(Session session);

    /** Called under this client's lock for each JSON object the server sends. */
    abstract void frame(JsonObject frame);

    private void attempt() {
        if (stopped) {
            return;
        }
        Session session;
        try {
            session = CLIENTS.connectToServer(new Listener(), config, uri);
            session.setMaxTextMessageBufferSize(4 * 1024 * 1024);
        } catch (Exception refused) {
            long delay;
            Throwable cause = refused;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String reason = String.valueOf(cause.getMessage());
            synchronized (this) {
                refusals.merge(reason, 1, Integer::sum);
                attempts++;
                delay = Math.min(1000, 50L << Math.min(attempts, 5));
            }
            scheduler.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
            return;
        }
        synchronized (this) {
            if (session != current) {
                // closed already, or stopped: onClose took care of it
                return;
            }
            attempts = 0;
        }
        connected(session);
    }

    /** Sends on {@code session}; false when it is closed (its close starts the reconnect). */
    boolean send(Session session, String json) {
        synchronized (sending) {
            try {
                session.getBasicRemote().sendText(json);
                return true;
            } catch (Exception closed) {
                return false;
            }
        }
    }

    /** The open connection, null while there is none. */
    synchronized Session current() {
        return current;
    }

    /** The subclass has its state back: the outage, if any, ends now. */
    synchronized void back() {
        if (downSince != 0) {
            outages.add(System.nanoTime() - downSince);
            downSince = 0;
        }
    }

    synchronized boolean isDown() {
        return downSince != 0 || current == null;
    }

    synchronized void fail(String what) {
        failures.add(name + ": " + what);
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** How long each outage lasted, from the close to {@link #back}, in nanoseconds. */
    synchronized List<Long> outages() {
        return List.copyOf(outages);
    }

    synchronized List<Integer> closeCodes() {
        return List.copyOf(closeCodes);
    }

    /** Handshakes that failed, by the reason the client library gave. */
    synchronized Map<String, Integer> refusals() {
        return Map.copyOf(refusals);
    }

    private synchronized void opened(Session s) {
        if (stopped) {
            try {
                s.close();
            } catch (Exception ignored) {
                // stopping
            }
            return;
        }
        current = s;
    }

    private void closed(Session s, int code) {
        synchronized (this) {
            if (stopped || s != current) {
                return;
            }
            current = null;
            closeCodes.add(code);
            if (downSince == 0) {
                downSince = System.nanoTime();
            }
        }
        scheduler.execute(this::attempt);
    }

    private void received(Session s, String text) {
        synchronized (this) {
            if (s != current) {
                return;
            }
            for (String line : text.split("\n")) {
                frame(READERS.createReader(new StringReader(line)).readObject());
            }
        }
    }

    private final class Listener extends Endpoint {
        @Override
        public void onOpen(Session s, EndpointConfig endpointConfig) {
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> received(s, text));
            opened(s);
        }

        @Override
        public void onClose(Session s, CloseReason reason) {
            closed(s, reason.getCloseCode().getCode());
        }

        @Override
        public void onError(Session s, Throwable t) {
            // onClose follows
        }
    }
}
