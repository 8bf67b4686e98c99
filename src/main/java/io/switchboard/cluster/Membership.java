package io.switchboard.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Whether this instance runs in a cluster, and which instances the cluster has, read from the
 * Hazelcast data grid that Payara binds at JNDI {@code payara/Hazelcast} (Payara Micro and Payara
 * Server alike).
 *
 * <p>Payara runs a data grid even with {@code --nocluster}: a grid of one that looks for a Payara
 * Server domain (its "domain" discovery) and finds none. So an instance counts as clustered when its
 * grid was told how to find other instances (TCP/IP members, multicast, Kubernetes, DNS, ...), or
 * when it has found some (a Payara Server deployment group).
 */
@ApplicationScoped
public class Membership {

    private static final Logger LOG = Logger.getLogger(Membership.class.getName());
    private static final String GRID_JNDI_NAME = "payara/Hazelcast";
    // Payara publishes each instance's name (--name) in this map of the grid, keyed by member UUID,
    // under this key (HazelcastCore.INSTANCE_ATTRIBUTE_MAP, INSTANCE_ATTRIBUTE); 6.2025.10 does not
    // set it as a member attribute.
    private static final String PAYARA_INSTANCES = "payara-instance-map";
    private static final String PAYARA_INSTANCE_NAME = "GLASSFISH-INSTANCE";
    private static final String PAYARA_DOMAIN_DISCOVERY = "fish.payara.nucleus.hazelcast.DomainDiscoveryStrategy";

    private HazelcastInstance grid;
    private boolean toldToJoin;

    @PostConstruct
    void find() {
        try {
            grid = (HazelcastInstance) new InitialContext().lookup(GRID_JNDI_NAME);
            toldToJoin = explicitJoin(grid.getConfig().getNetworkConfig().getJoin());
        } catch (NamingException | ClassCastException | HazelcastInstanceNotActiveException noGrid) {
            grid = null;
        }
        LOG.info(() -> clustered()
                ? "clustered as " + self().map(ClusterMember::name).orElse("?") + " in cluster "
                        + grid.getConfig().getClusterName() + ", " + members().size() + " member(s) now"
                : "not clustered");
    }

    private static boolean explicitJoin(JoinConfig join) {
        return join.getTcpIpConfig().isEnabled() || join.getMulticastConfig().isEnabled()
                || join.getKubernetesConfig().isEnabled() || join.getAwsConfig().isEnabled()
                || join.getGcpConfig().isEnabled() || join.getAzureConfig().isEnabled()
                || join.getEurekaConfig().isEnabled()
                || join.getDiscoveryConfig().getDiscoveryServiceProvider() != null
                || join.getDiscoveryConfig().getDiscoveryStrategyConfigs().stream()
                        .anyMatch(s -> !PAYARA_DOMAIN_DISCOVERY.equals(s.getClassName()));
    }

    /** True when this instance is, or is set up to be, one of several sharing the data grid. */
    public boolean clustered() {
        return grid != null && (toldToJoin || gridMembers().size() > 1);
    }

    /** This instance, or empty when not clustered. */
    public Optional<ClusterMember> self() {
        if (!clustered()) {
            return Optional.empty();
        }
        try {
            return Optional.of(describe(grid.getCluster().getLocalMember()));
        } catch (HazelcastInstanceNotActiveException shuttingDown) {
            return Optional.empty();
        }
    }

    /** The members this instance currently sees, itself included, oldest first; empty when not clustered. */
    public List<ClusterMember> members() {
        return clustered() ? gridMembers().stream().map(this::describe).toList() : List.of();
    }

    /**
     * Calls {@code changed} whenever an instance joins or leaves the cluster (a member that merges
     * back after a partition comes back as a new one); on one of the grid's threads, so it must
     * only hand the work on. Empty when not clustered; else the handle for {@link #stopWatching}.
     */
    public Optional<UUID> watch(Runnable changed) {
        if (!clustered()) {
            return Optional.empty();
        }
        return Optional.of(grid.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                changed.run();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changed.run();
            }
        }));
    }

    public void stopWatching(UUID handle) {
        try {
            grid.getCluster().removeMembershipListener(handle);
        } catch (HazelcastInstanceNotActiveException gone) {
            // and its listeners with it
        }
    }

    /** This instance's grid member id (new when it merges back after a partition); null when not clustered. */
    public String selfId() {
        try {
            return clustered() ? grid.getCluster().getLocalMember().getUuid().toString() : null;
        } catch (HazelcastInstanceNotActiveException shuttingDown) {
            return null;
        }
    }

    /** The grid member ids this instance sees, itself included; empty when not clustered. */
    public Set<String> memberIds() {
        Set<String> ids = new HashSet<>();
        if (clustered()) {
            gridMembers().forEach(m -> ids.add(m.getUuid().toString()));
        }
        return ids;
    }

    /** The data grid's map called {@code name}, shared by every instance; clustered only. */
    public <K, V> ConcurrentMap<K, V> map(String name) {
        return grid.getMap(name);
    }

    private List<Member> gridMembers() {
        try {
            return List.copyOf(grid.getCluster().getMembers());
        } catch (HazelcastInstanceNotActiveException shuttingDown) {
            return List.of();
        }
    }

    private ClusterMember describe(Member member) {
        String address = member.getAddress().getHost() + ":" + member.getAddress().getPort();
        return new ClusterMember(member.getUuid().toString(), instanceName(member).orElse(address), address);
    }

    private Optional<String> instanceName(Member member) {
        String attribute = member.getAttribute(PAYARA_INSTANCE_NAME);
        if (attribute != null) {
            return Optional.of(attribute);
        }
        try {
            return grid.getMap(PAYARA_INSTANCES).get(member.getUuid()) instanceof Map<?, ?> attributes
                    && attributes.get(PAYARA_INSTANCE_NAME) instanceof String name ? Optional.of(name) : Optional.empty();
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
