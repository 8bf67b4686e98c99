/**
 * Channels on this instance: which connections are subscribed (up to the limit per connection),
 * who is present, publishes taken in for their channel's writer, and the local fan-out of what
 * the {@link io.switchboard.cluster.ClusterBus} delivers (committed messages in seq order,
 * deletions, resets and broadcasts). Clustered, each channel's batches pass its
 * {@link io.switchboard.channel.SeqGate}, and its presence is what its
 * {@link io.switchboard.channel.PresenceView} was told of the cluster's.
 */
package io.switchboard.channel;
