package io.switchboard.connection;

import io.switchboard.config.Settings;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Collection;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Every open connection on this instance, by id. */
@ApplicationScoped
public class ConnectionRegistry {

    private static final SecureRandom IDS = new SecureRandom();

    @Inject
    Settings settings;

    @Inject
    ConnectionCloser closer;

    @Resource
    ManagedExecutorService executor;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    /** Registers a new connection; its identity is its id until logins exist. */
    public Connection open(FrameSink sink) {
        String id = newId();
        Connection connection = new Connection(id, id, sink, closer,
                listener -> new OutboundQueue(sink, listener, executor,
                        settings.outboundMaxBytes(), settings.outboundBatchMaxBytes()));
        connections.put(id, connection);
        return connection;
    }

    /** Forgets a closed connection and drops whatever was still queued for it. */
    public void remove(Connection connection) {
        connection.discard();
        if (connections.remove(connection.id()) != null && connections.isEmpty()) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Waits until no connection is open or {@code limit} has passed; true when none is open. */
    public synchronized boolean awaitEmpty(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!connections.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Bounded so a removal racing this check is noticed without a lost wake-up.
                wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return connections.isEmpty();
        }
    }

    public Collection<Connection> all() {
        return connections.values();
    }

    public int size() {
        return connections.size();
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        IDS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
