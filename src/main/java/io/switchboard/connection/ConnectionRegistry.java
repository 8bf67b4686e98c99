package io.switchboard.connection;

import io.switchboard.config.Settings;
import io.switchboard.protocol.CloseCode;
import io.switchboard.security.Identity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Collection;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Every open connection on this instance, by id. */
@ApplicationScoped
public class ConnectionRegistry {

    private static final SecureRandom IDS = new SecureRandom();

    @Inject
    Settings settings;

    @Inject
    ConnectionCloser closer;

    @Inject
    SendExecutor sends;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

    public Connection open(FrameSink sink, Identity identity) {
        Connection connection = new Connection(newId(), identity, sink, closer,
                listener -> new OutboundQueue(sink, listener, sends,
                        settings.outboundMaxBytes(), settings.outboundBatchMaxBytes()));
        connections.put(connection.id(), connection);
        perUser.merge(identity.name(), 1, Integer::sum);
        perAddress.merge(identity.address(), 1, Integer::sum);
        return connection;
    }

    /** Forgets a closed connection and drops whatever was still queued for it. */
    public void remove(Connection connection) {
        connection.discard();
        if (connections.remove(connection.id()) == null) {
            return;
        }
        Identity identity = connection.identity();
        perUser.computeIfPresent(identity.name(), (k, n) -> n > 1 ? n - 1 : null);
        perAddress.computeIfPresent(identity.address(), (k, n) -> n > 1 ? n - 1 : null);
        if (connections.isEmpty()) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    public int countForUser(String name) {
        return perUser.getOrDefault(name, 0);
    }

    public int countForAddress(String address) {
        return perAddress.getOrDefault(address, 0);
    }

    /** As {@link #closeAll}, but each close is started on the caller's thread before this returns. */
    public int closeAllNow(Predicate<Connection> which, CloseCode code) {
        int n = 0;
        for (Connection c : connections.values()) {
            if (which.test(c)) {
                c.closeNow(code);
                n++;
            }
        }
        return n;
    }

    /** Closes every connection that {@code which} selects; returns how many. */
    public int closeAll(Predicate<Connection> which, CloseCode code) {
        int n = 0;
        for (Connection c : connections.values()) {
            if (which.test(c)) {
                c.close(code);
                n++;
            }
        }
        return n;
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
