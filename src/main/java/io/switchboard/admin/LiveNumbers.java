package io.switchboard.admin;

import io.switchboard.cluster.MemberConnections;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.metrics.HubStats;
import io.switchboard.metrics.StatsSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;

/**
 * Builds the console's snapshot: the hub's numbers now, the message rates since the previous
 * snapshot, and the cluster's members with their connections. Called by one thread at a time
 * (the feed's tick).
 */
@ApplicationScoped
public class LiveNumbers {

    @Inject
    HubStats stats;

    @Inject
    ConnectionRegistry registry;

    @Inject
    MemberConnections members;

    private StatsSnapshot previous;

    String next() {
        StatsSnapshot now = stats.snapshot();
        StatsSnapshot before = previous;
        previous = now;
        return json(before, now, registry.size()).add("members", LiveJson.members(members.all())).build().toString();
    }

    /** The snapshot's figures; rates are per second since {@code before} (0 on the first). */
    static JsonObjectBuilder json(StatsSnapshot before, StatsSnapshot now, int connections) {
        double seconds = before == null ? 0 : (now.atMillis() - before.atMillis()) / 1000.0;
        return JsonBody.JSON.createObjectBuilder().add("type", "snapshot").add("at", now.atMillis())
                .add("connections", connections)
                .add("messagesInPerSecond", rate(before == null ? 0 : now.messagesReceived() - before.messagesReceived(), seconds))
                .add("messagesOutPerSecond", rate(before == null ? 0 : now.messagesSent() - before.messagesSent(), seconds))
                .add("latencyP50Seconds", finite(now.latencyP50Seconds()))
                .add("latencyP99Seconds", finite(now.latencyP99Seconds()))
                .add("slowConsumerCloses", now.slowConsumerCloses())
                .add("rateLimitedFrames", now.rateLimitedFrames())
                .add("errorsByCode", counts(now.errorsByCode()))
                .add("closesByCode", counts(now.closesByCode()))
                .add("handshakeRefusals", counts(now.handshakeRefusalsByReason()));
    }

    private static double rate(long delta, double seconds) {
        return seconds <= 0 ? 0 : Math.round(delta / seconds * 10) / 10.0;
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    private static JsonObjectBuilder counts(Map<?, Long> counts) {
        JsonObjectBuilder object = JsonBody.JSON.createObjectBuilder();
        counts.forEach((key, n) -> object.add(String.valueOf(key), n));
        return object;
    }
}
