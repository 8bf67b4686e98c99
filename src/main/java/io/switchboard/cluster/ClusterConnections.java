package io.switchboard.cluster;

import io.switchboard.connection.ConnectionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The per-user connection cap over the whole cluster, on a clustered instance: each instance
 * writes its count of each user's connections to the data grid ({@link ConnectionTable}); a
 * handshake takes its slot there too, refused when the user's connections on every instance
 * together are at the cap. Counts fall off the callers' threads; the counts of an instance that
 * died are dropped with its presence ({@link ClusterPresence}). A single instance never calls it.
 */
@ApplicationScoped
public class ClusterConnections {

    private static final Logger LOG = Logger.getLogger(ClusterConnections.class.getName());
    private static final String TABLE = "switchboard-connections";

    @Inject
    Membership membership;

    @Inject
    ConnectionRegistry registry;

    @Inject
    ScheduledExecutorService scheduler;

    private boolean enabled;
    private ConnectionTable table;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushing = new AtomicBoolean();

    @PostConstruct
    void init() {
        enabled = membership.clustered();
        if (enabled) {
            ConcurrentMap<String, TreeMap<String, Integer>> grid = membership.map(TABLE);
            table = new ConnectionTable(grid);
        }
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (enabled) {
            registry.whenUserCountFalls(this::fell);
        }
    }

    /**
     * A handshake of {@code user} has reserved its slot here: true when the user's connections
     * on every instance, this one included, stay within {@code maxPerUser}. Not clustered: true.
     */
    public boolean claim(String user, int maxPerUser) {
        if (!enabled) {
            return true;
        }
        String self = membership.selfId();
        return self == null || table.set(user, self, registry.countOf(user), maxPerUser);
    }

    /** Writes every count of this instance again (after the others took it for dead, or under a new id). */
    void rewrite() {
        if (enabled) {
            dirty.addAll(registry.users());
            flush();
        }
    }

    /** Forgets the counts of every instance but {@code alive}. */
    void keepOnly(Set<String> alive) {
        if (enabled) {
            table.keepOnly(alive);
        }
    }

    private void fell(String user) {
        dirty.add(user);
        if (!flushing.get()) {
            scheduler.execute(this::flush);
        }
    }

    void flush() {
        if (!enabled || !flushing.compareAndSet(false, true)) {
            return;
        }
        try {
            String self = membership.selfId();
            for (String user : Set.copyOf(dirty)) {
                dirty.remove(user);
                try {
                    if (self != null) {
                        table.set(user, self, registry.countOf(user), Integer.MAX_VALUE);
                    }
                } catch (RuntimeException e) {
                    dirty.add(user);
                    LOG.log(Level.WARNING, "the connection count of " + user + " could not be written to the cluster", e);
                    return;
                }
            }
        } finally {
            flushing.set(false);
        }
        if (!dirty.isEmpty()) {
            scheduler.execute(this::flush);
        }
    }
}
