package io.switchboard.admin;

import io.switchboard.cluster.MemberConnections;
import io.switchboard.connection.ConnectionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Builds the console's snapshot: the hub's numbers now, rates from the previous snapshot, and the
 * cluster's members with their connections. Called by one thread at a time (the feed's tick).
 */
@ApplicationScoped
public class LiveNumbers {

    @Inject
    ConnectionRegistry registry;

    @Inject
    MemberConnections members;

    String next() {
        return JsonBody.JSON.createObjectBuilder().add("type", "snapshot").add("at", System.currentTimeMillis())
                .add("connections", registry.size()).add("members", LiveJson.members(members.all()))
                .build().toString();
    }
}
