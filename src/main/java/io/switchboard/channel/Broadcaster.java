package io.switchboard.channel;

import io.switchboard.cluster.Broadcast;
import io.switchboard.cluster.ClusterBus;
import io.switchboard.connection.Connection;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.FlushRound;
import io.switchboard.connection.OutboundFrame;
import io.switchboard.connection.SendExecutor;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameWriter;
import io.switchboard.protocol.Utf8;
import io.switchboard.security.BroadcastLimit;
import io.switchboard.security.BroadcastRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * Sends a broadcast to every open connection but its sender's, once the sender's
 * {@link BroadcastLimit} allows it; a refused broadcast reaches no one.
 */
@ApplicationScoped
public class Broadcaster {

    @Inject
    ConnectionRegistry registry;

    @Inject
    ClusterBus bus;

    @Inject
    SendExecutor sends;

    /**
     * Runs on the sender's message thread, which owns {@code limit}. Empty when the broadcast went
     * out, or was dropped without a word (the client has already been told about its rate).
     */
    public Optional<Refused> broadcast(Connection sender, BroadcastLimit limit, JsonValue data) {
        // Measured as it will be forwarded, so the limit bounds what lands in every other queue.
        String json = data.toString();
        int bytes = Utf8.length(json);
        BroadcastRule rule = limit.rule();
        return switch (limit.check(sender.identity(), bytes, System.nanoTime())) {
            case ACCEPT -> {
                bus.broadcast(new Broadcast(json, sender.name(), sender.id()));
                yield Optional.empty();
            }
            case FORBIDDEN -> Optional.of(new Refused(ErrorCode.FORBIDDEN,
                    "you may not broadcast: it needs the role " + rule.role().wire()));
            case TOO_LARGE -> Optional.of(new Refused(ErrorCode.LIMIT_EXCEEDED,
                    "broadcast data is " + bytes + " bytes, over the limit of " + rule.maxBytes()));
            case REFUSE_AND_TELL -> Optional.of(new Refused(ErrorCode.RATE_LIMITED,
                    "too many broadcasts; this one was dropped"));
            case REFUSE_QUIETLY -> Optional.empty();
        };
    }

    /** Queues the broadcast, written once, to every open connection on this instance but the sender's. */
    public void deliver(Broadcast broadcast) {
        OutboundFrame frame = OutboundFrame.of(FrameWriter.broadcast(broadcast.data(), broadcast.from()));
        FlushRound round = sends.round();
        for (Connection c : registry.all()) {
            if (!c.id().equals(broadcast.senderConnection())) {
                c.queueInRound(frame, round);
            }
        }
        round.start();
    }
}
