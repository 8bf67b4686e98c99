package io.switchboard.cluster;

import io.switchboard.channel.LocalFanOut;
import io.switchboard.config.Setting;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Cluster-wide presence, on a clustered instance: which users have a subscribed connection in which
 * channel on which instance, in the data grid ({@link PresenceTable}). This instance writes its own
 * part as its local presence changes, one change at a time and off the callers' threads, and
 * announces on the {@link ClusterBus} a user's first arrival and last departure cluster wide.
 *
 * <p>Each instance also beats every second in the grid. An instance that leaves the grid, or whose
 * beat is older than {@code switchboard.cluster.presence-timeout} (hung), is dropped from every
 * channel by the others, with leave events; if it comes back (a hung instance resuming, a member
 * merging back after a partition under a new id), it writes its presence again. The same goes
 * for the per-user connection counts of {@link ClusterConnections}.
 */
@ApplicationScoped
public class ClusterPresence {

    private static final Logger LOG = Logger.getLogger(ClusterPresence.class.getName());
    private static final String TABLE = "switchboard-presence";
    private static final String BEATS = "switchboard-presence-beats";

    private record Key(String channel, String user) {
    }

    @Inject
    Membership membership;

    @Inject
    ClusterBus bus;

    @Inject
    LocalFanOut channels;

    @Inject
    ClusterConnections connections;

    @Inject
    Config config;

    @Inject
    ScheduledExecutorService scheduler;

    private boolean enabled;
    private Duration timeout;
    private PresenceTable table;
    private ConcurrentMap<String, Long> beats;
    // Local changes not yet written to the grid; written by one flush at a time.
    private final Set<Key> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicBoolean membersChanged = new AtomicBoolean();
    private volatile String self;
    private ScheduledFuture<?> ticks;
    private UUID watch;

    @PostConstruct
    void init() {
        enabled = membership.clustered();
        if (enabled) {
            timeout = Setting.CLUSTER_PRESENCE_TIMEOUT.durationValue(config);
            ConcurrentMap<String, TreeMap<String, String>> grid = membership.map(TABLE);
            table = new PresenceTable(grid, System::currentTimeMillis);
            beats = membership.map(BEATS);
        }
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (enabled) {
            self = membership.selfId();
            watch = membership.watch(() -> membersChanged.set(true)).orElse(null);
            ticks = scheduler.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (watch != null) {
            membership.stopWatching(watch);
        }
    }

    /** Whether presence is cluster wide here: the instance is clustered. */
    public boolean enabled() {
        return enabled;
    }

    /** The user's first connection here subscribed to the channel, or their last one here left. */
    public void changedHere(String channel, String user) {
        dirty.add(new Key(channel, user));
        if (!flushing.get()) {
            scheduler.execute(this::flush);
        }
    }

    /** The users present in the channel cluster wide, each with the version of their presence. */
    public Map<String, Long> present(String channel) {
        return table.present(channel);
    }

    private void flush() {
        if (!flushing.compareAndSet(false, true)) {
            return;
        }
        try {
            for (Key key : Set.copyOf(dirty)) {
                dirty.remove(key);
                try {
                    write(key);
                } catch (RuntimeException e) {
                    dirty.add(key);
                    LOG.log(Level.WARNING, "presence of " + key.user() + " in " + key.channel()
                            + " could not be written to the cluster; trying again", e);
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

    // Writes what is true here now, so changes coalesced or written late still end right.
    private void write(Key key) {
        String member = self;
        if (member == null) {
            return;
        }
        PresenceTable.Change change = table.set(key.channel(), key.user(), member,
                channels.presentHere(key.channel(), key.user()));
        if (change != null) {
            bus.presence(new PresenceChanged(change.channel(), change.user(), change.join(), change.version()));
        }
    }

    private void tick() {
        try {
            beat();
            dropTheDead();
            if (!dirty.isEmpty()) {
                flush();
            }
            if (membersChanged.getAndSet(false)) {
                channels.reconcilePresence(this::present);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cluster presence upkeep failed; trying again", e);
        }
    }

    /**
     * This instance is alive. Written again from scratch when its id changed (merged back after a
     * partition) or the others took it for dead (its beat was gone).
     */
    private void beat() {
        String id = membership.selfId();
        if (id == null) {
            return;
        }
        boolean newId = !id.equals(self);
        self = id;
        Long previous = beats.put(id, System.currentTimeMillis());
        if (newId || previous == null) {
            connections.rewrite();
            channels.presentHere().forEach((channel, users) -> users.forEach(user -> dirty.add(new Key(channel, user))));
            if (!dirty.isEmpty()) {
                LOG.info(() -> "writing this instance's presence to the cluster" + (newId ? " under its new id " + id : ""));
                flush();
            }
        }
    }

    /** Drops from every channel the instances gone from the grid or silent past the timeout. */
    private void dropTheDead() {
        long now = System.currentTimeMillis();
        Set<String> alive = new HashSet<>(membership.memberIds());
        Map<String, Long> dead = new TreeMap<>();
        beats.forEach((member, beat) -> {
            if (!alive.contains(member) || now - beat > timeout.toMillis()) {
                dead.put(member, beat);
            }
        });
        if (dead.isEmpty()) {
            return;
        }
        // (a member of the grid that has not beaten yet counts as alive)
        alive.removeAll(dead.keySet());
        alive.add(self);
        LOG.info(() -> "dropping the presence of instance(s) " + dead.keySet() + ": gone or silent");
        connections.keepOnly(alive);
        for (PresenceTable.Change left : table.keepOnly(alive)) {
            bus.presence(new PresenceChanged(left.channel(), left.user(), false, left.version()));
        }
        dead.forEach((member, beat) -> beats.remove(member, beat));
        membersChanged.set(true);
    }
}
