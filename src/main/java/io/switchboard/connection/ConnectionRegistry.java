package io.switchboard.connection;

import io.switchboard.config.Settings;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Subprotocol;
import io.switchboard.security.Identity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Collection;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Every open connection on this instance, by id. */
@ApplicationScoped
public class ConnectionRegistry {

    private static final SecureRandom IDS = new SecureRandom();
    // Slots never leave this instance (the gate hands its own to the configurator), so a counter
    // names them; SecureRandom's shared lock was contended when hundreds of handshakes ran at once.
    private final AtomicLong slots = new AtomicLong();

    @Inject
    Settings settings;

    @Inject
    ConnectionCloser closer;

    @Inject
    SendExecutor sends;

    @Inject
    SendStats sendStats;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    // Slots reserved by handshakes whose connection has not opened yet.
    private final Map<String, Slot> pending = new ConcurrentHashMap<>();
    // Connections open or reserved, in all and per user and address; guarded by counts.
    private final Object counts = new Object();
    private int total;
    private final Map<String, Integer> perUser = new HashMap<>();
    private final Map<String, Integer> perAddress = new HashMap<>();
    // Recent closes by rule (kicks, bans, revocations, logouts). The container writes a handshake's
    // 101 before the connection opens here, so a close can miss a connection whose handshake passed
    // its checks just before; open() applies to it the closes that came after its slot was reserved.
    // Bounded: entries older than the slots' expiry are dropped, and at most MAX_RECENT_CLOSES kept.
    private final ConcurrentLinkedDeque<RecentClose> recentCloses = new ConcurrentLinkedDeque<>();
    private static final int MAX_RECENT_CLOSES = 1000;
    // Told the user whose count fell (clustered only, where the count is shared); null otherwise.
    private volatile Consumer<String> userCountFell;

    /**
     * Creates the registry, and the executors it injects as container resources, at startup on a
     * thread of the application. Made lazily instead, the first to ask could be a server thread
     * without the application's context (a JMX read, Payara Server's monitoring tree), where those
     * resources cannot be injected and the container keeps a registry without its fields.
     */
    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // Nothing to do: observing made the container create this bean.
    }

    /** Which connection cap a handshake would exceed. */
    public enum Cap { INSTANCE, USER, ADDRESS }

    /** A slot granted to a handshake ({@code slot} names it), or the cap that refused one. */
    public record Reservation(String slot, Cap refused) {
        public boolean granted() {
            return slot != null;
        }
    }

    private record Slot(String user, String address, long reservedNanos) {
    }

    private record RecentClose(Predicate<Connection> which, CloseCode code, boolean now, long atNanos) {
    }

    /**
     * Checks the caps and takes a slot in one step, so parallel handshakes cannot all pass the
     * check before any is counted. The slot counts until the connection that {@link #open opens}
     * with it closes, or until it is {@link #release released} (the upgrade failed) or expires.
     */
    public Reservation reserve(String user, String address, int maxTotal, int maxPerUser, int maxPerAddress) {
        synchronized (counts) {
            if (total >= maxTotal) {
                return new Reservation(null, Cap.INSTANCE);
            }
            if (perUser.getOrDefault(user, 0) >= maxPerUser) {
                return new Reservation(null, Cap.USER);
            }
            if (perAddress.getOrDefault(address, 0) >= maxPerAddress) {
                return new Reservation(null, Cap.ADDRESS);
            }
            count(user, address, 1);
        }
        String id = Long.toString(slots.incrementAndGet(), 36);
        pending.put(id, new Slot(user, address, System.nanoTime()));
        return new Reservation(id, null);
    }

    /** Gives back a slot whose handshake did not become a connection; nothing if it was used or released. */
    public void release(String slot) {
        Slot s = slot == null ? null : pending.remove(slot);
        if (s != null) {
            synchronized (counts) {
                count(s.user(), s.address(), -1);
            }
            fell(s.user());
        }
    }

    /** The connections of {@code user} open or reserved here. */
    public int countOf(String user) {
        synchronized (counts) {
            return perUser.getOrDefault(user, 0);
        }
    }

    /** The users with connections open or reserved here. */
    public Set<String> users() {
        synchronized (counts) {
            return Set.copyOf(perUser.keySet());
        }
    }

    /** Has {@code listener} told the name of each user whose count here fell; for the cluster's count. */
    public void whenUserCountFalls(Consumer<String> listener) {
        userCountFell = listener;
    }

    private void fell(String user) {
        Consumer<String> listener = userCountFell;
        if (listener != null) {
            listener.accept(user);
        }
    }

    /** Releases the slots reserved before {@code beforeNanos} whose connection never opened. */
    public void expireSlots(long beforeNanos) {
        pending.forEach((id, s) -> {
            if (s.reservedNanos() - beforeNanos < 0) {
                release(id);
            }
        });
        recentCloses.removeIf(c -> c.atNanos() - beforeNanos < 0);
    }

    /**
     * Registers a new connection in the slot its handshake reserved. A connection whose slot is
     * gone (it expired first) is counted all the same: it is open.
     */
    public Connection open(FrameSink sink, Identity identity, String slot) {
        return open(sink, identity, slot, Subprotocol.V1);
    }

    /** As {@link #open(FrameSink, Identity, String)}, for a connection speaking {@code protocol}. */
    public Connection open(FrameSink sink, Identity identity, String slot, Subprotocol protocol) {
        Connection connection = new Connection(newId(), identity, protocol, sink, closer,
                listener -> new OutboundQueue(sink, listener, sends,
                        settings.outboundMaxBytes(), settings.outboundBatchMaxBytes(), sendStats));
        Slot reserved = slot == null ? null : pending.remove(slot);
        if (reserved == null) {
            synchronized (counts) {
                count(identity.name(), identity.address(), 1);
            }
        }
        connections.put(connection.id(), connection);
        if (reserved != null) {
            // After the put: a close from now on finds the connection itself.
            for (RecentClose close : recentCloses) {
                if (close.atNanos() - reserved.reservedNanos() > 0 && close.which().test(connection)) {
                    if (close.now()) {
                        connection.closeNow(close.code());
                    } else {
                        connection.close(close.code());
                    }
                    break;
                }
            }
        }
        return connection;
    }

    /** Forgets a closed connection and drops whatever was still queued for it. */
    public void remove(Connection connection) {
        connection.discard();
        if (connections.remove(connection.id()) == null) {
            return;
        }
        Identity identity = connection.identity();
        synchronized (counts) {
            count(identity.name(), identity.address(), -1);
        }
        fell(identity.name());
        if (connections.isEmpty()) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    // Caller holds counts.
    private void count(String user, String address, int delta) {
        total += delta;
        perUser.merge(user, delta, (a, b) -> a + b == 0 ? null : a + b);
        perAddress.merge(address, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** As {@link #closeAll}, but dropping what is queued and without waiting for a send in flight. */
    public int closeAllNow(Predicate<Connection> which, CloseCode code) {
        remember(which, code, true);
        int n = 0;
        for (Connection c : connections.values()) {
            if (which.test(c)) {
                c.closeNow(code);
                n++;
            }
        }
        return n;
    }

    /**
     * Closes every connection that {@code which} selects; returns how many. One whose handshake
     * passed its checks before this call and opens after it is closed as it opens.
     */
    public int closeAll(Predicate<Connection> which, CloseCode code) {
        remember(which, code, false);
        int n = 0;
        for (Connection c : connections.values()) {
            if (which.test(c)) {
                c.close(code);
                n++;
            }
        }
        return n;
    }

    // Before the scan of the open connections: one that opens meanwhile then finds this close.
    private void remember(Predicate<Connection> which, CloseCode code, boolean now) {
        recentCloses.addLast(new RecentClose(which, code, now, System.nanoTime()));
        while (recentCloses.size() > MAX_RECENT_CLOSES) {
            recentCloses.pollFirst();
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
