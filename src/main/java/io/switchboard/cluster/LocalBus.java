package io.switchboard.cluster;

import io.switchboard.channel.Broadcaster;
import io.switchboard.channel.LocalFanOut;
import io.switchboard.security.SessionTerminator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/**
 * The bus of a single instance: delivers to this instance's connections at once, on the calling
 * thread, so a batch reaches its subscribers before its publishers are acked, as it always has.
 * Not injected as a {@link ClusterBus} directly: {@link BusChoice} picks it or the {@link ClusteredBus}.
 */
@ApplicationScoped
@Typed(LocalBus.class)
public class LocalBus implements ClusterBus {

    @Inject
    LocalFanOut channels;

    @Inject
    Broadcaster broadcaster;

    @Inject
    SessionTerminator sessions;

    @Override
    public void committed(BatchCommitted batch) {
        channels.deliver(batch);
    }

    @Override
    public void deleted(MessageDeleted deleted) {
        channels.deleted(deleted);
    }

    @Override
    public void reset(ChannelReset reset) {
        channels.reset(reset);
    }

    @Override
    public void broadcast(Broadcast broadcast) {
        broadcaster.deliver(broadcast);
    }

    @Override
    public void presence(PresenceChanged change) {
        channels.presenceChanged(change);
    }

    @Override
    public int disconnect(Disconnect disconnect) {
        return sessions.disconnectHere(disconnect);
    }
}
