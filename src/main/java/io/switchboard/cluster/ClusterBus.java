package io.switchboard.cluster;

/**
 * Everything that must reach the connections of every instance passes through here: a channel's
 * committed batch, a deletion, a reset, a broadcast, a change of cluster-wide presence, and the end
 * of logins and connections (logout,
 * expiry, kick, ban, disable, role change, revoked API key). The single-instance {@link LocalBus}
 * delivers each at once, on the calling thread; a clustered bus also sends it to the other
 * instances as one clustered CDI event, whose observers there hand it to the same local delivery.
 * The payloads are serializable records that carry data only.
 */
public interface ClusterBus {

    /** One call per commit: the batch's messages go to the channel's subscribers in seq order. */
    void committed(BatchCommitted batch);

    void deleted(MessageDeleted deleted);

    void reset(ChannelReset reset);

    void broadcast(Broadcast broadcast);

    /** Clustered only: a user's presence in a channel changed cluster wide. */
    void presence(PresenceChanged change);

    /** Returns how many connections this instance closed. */
    int disconnect(Disconnect disconnect);
}
