package io.switchboard.cluster;

import fish.payara.micro.cdi.Inbound;
import fish.payara.micro.cdi.Outbound;
import io.switchboard.channel.Broadcaster;
import io.switchboard.channel.LocalFanOut;
import io.switchboard.security.SessionTerminator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bus of a clustered instance: delivers to this instance's connections as the {@link LocalBus}
 * does, and sends the same record to every other instance as one clustered CDI event (one per
 * committed batch, not per message), whose observer here on the other side makes the same local
 * delivery. The events arrive late, in any order and on many threads, so channel batches,
 * deletions and resets go through each channel's seq gate (see
 * {@link LocalFanOut#deliverInOrder}) on the sending instance as well as on the receiving ones.
 */
@ApplicationScoped
@Typed(ClusteredBus.class)
public class ClusteredBus implements ClusterBus {

    private static final Logger LOG = Logger.getLogger(ClusteredBus.class.getName());

    @Inject
    LocalFanOut channels;

    @Inject
    Broadcaster broadcaster;

    @Inject
    SessionTerminator sessions;

    @Inject
    @Outbound
    Event<Serializable> others;

    private final AtomicBoolean warned = new AtomicBoolean();

    @Override
    public void committed(BatchCommitted batch) {
        channels.deliverInOrder(batch);
        if (!batch.messages().isEmpty()) {
            send(batch);
        }
    }

    @Override
    public void deleted(MessageDeleted deleted) {
        channels.deletedInOrder(deleted);
        send(deleted);
    }

    @Override
    public void reset(ChannelReset reset) {
        channels.resetInOrder(reset);
        send(reset);
    }

    @Override
    public void broadcast(Broadcast broadcast) {
        broadcaster.deliver(broadcast);
        send(broadcast);
    }

    @Override
    public void presence(PresenceChanged change) {
        channels.presenceChanged(change);
        send(change);
    }

    /** Returns how many connections this instance closed; the others' closes are not counted. */
    @Override
    public int disconnect(Disconnect disconnect) {
        int closed = sessions.disconnectHere(disconnect);
        send(disconnect);
        return closed;
    }

    // What the other instances sent: each runs on a thread of the container's managed executor.

    void arrived(@Observes @Inbound BatchCommitted batch) {
        channels.deliverInOrder(batch);
    }

    void arrived(@Observes @Inbound MessageDeleted deleted) {
        channels.deletedInOrder(deleted);
    }

    void arrived(@Observes @Inbound ChannelReset reset) {
        channels.resetInOrder(reset);
    }

    void arrived(@Observes @Inbound Broadcast broadcast) {
        broadcaster.deliver(broadcast);
    }

    void arrived(@Observes @Inbound PresenceChanged change) {
        channels.presenceChanged(change);
    }

    void arrived(@Observes @Inbound Disconnect disconnect) {
        sessions.disconnectHere(disconnect);
    }

    private void send(Serializable event) {
        try {
            others.fire(event);
        } catch (RuntimeException e) {
            // The grid stops before the application when the instance shuts down without
            // -Dhazelcast.shutdownhook.enabled=false; what the others miss of a channel they
            // read from the database at the next gap or when they see this instance leave.
            LOG.log(warned.compareAndSet(false, true) ? Level.WARNING : Level.FINE,
                    "could not send " + event.getClass().getSimpleName() + " to the other instances", e);
        }
    }
}
