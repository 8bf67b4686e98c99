package io.switchboard.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * The {@link ClusterBus} everyone injects: the {@link ClusteredBus} when {@link Membership} says
 * this instance runs clustered, else the {@link LocalBus}, so a single instance delivers exactly
 * as it did before clustering existed. The injected object is the chosen bean's own client proxy.
 */
@ApplicationScoped
public class BusChoice {

    @Inject
    Membership membership;

    @Produces
    ClusterBus bus(Instance<LocalBus> local, Instance<ClusteredBus> clustered) {
        return membership.clustered() ? clustered.get() : local.get();
    }
}
