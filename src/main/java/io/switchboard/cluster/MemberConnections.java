package io.switchboard.cluster;

import io.switchboard.connection.ConnectionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How many connections each instance of the cluster has open, for the admin console: each
 * clustered instance writes its own count to a map of the data grid once a second, under its
 * member id, and reads the others' there. A single instance answers with itself alone.
 */
@ApplicationScoped
public class MemberConnections {

    /** One instance and its open connections; {@code self} is the instance that answered. */
    public record Count(String id, String name, String address, int connections, boolean self) {
    }

    private static final Logger LOG = Logger.getLogger(MemberConnections.class.getName());
    private static final String TABLE = "switchboard-member-connections";

    @Inject
    Membership membership;

    @Inject
    ConnectionRegistry registry;

    @Inject
    ScheduledExecutorService scheduler;

    private ConcurrentMap<String, Integer> counts;
    private ScheduledFuture<?> ticks;

    @PostConstruct
    void init() {
        if (membership.clustered()) {
            counts = membership.map(TABLE);
        }
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (counts != null) {
            ticks = scheduler.scheduleWithFixedDelay(this::publish, 0, 1, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    private void publish() {
        try {
            String self = membership.selfId();
            if (self != null) {
                counts.put(self, registry.size());
            }
            // The grid's key set is a copy: a dead member's count is removed from the map itself.
            Set<String> alive = membership.memberIds();
            for (String id : List.copyOf(counts.keySet())) {
                if (!alive.contains(id)) {
                    counts.remove(id);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "this instance's connection count was not written to the cluster", e);
        }
    }

    /** Every instance this one sees, oldest first, with its connections (this one's counted now, the others' up to a second old). */
    public List<Count> all() {
        if (counts == null) {
            return List.of(new Count("", "this instance", "", registry.size(), true));
        }
        String self = membership.selfId();
        List<Count> all = new ArrayList<>();
        for (ClusterMember m : membership.members()) {
            boolean isSelf = m.id().equals(self);
            Integer n = isSelf ? Integer.valueOf(registry.size()) : counts.get(m.id());
            all.add(new Count(m.id(), m.name(), m.address(), n == null ? 0 : n, isSelf));
        }
        return all;
    }
}
