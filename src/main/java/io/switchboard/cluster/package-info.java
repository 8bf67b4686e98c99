/**
 * What crosses to other instances: the {@link io.switchboard.cluster.ClusterBus} through which
 * committed batches, deletions, resets, broadcasts, presence changes and the end of logins and
 * connections pass, its single-instance {@link io.switchboard.cluster.LocalBus} and its clustered
 * {@link io.switchboard.cluster.ClusteredBus} (one clustered CDI event per delivery), chosen by
 * {@link io.switchboard.cluster.BusChoice}; the serializable records they carry; membership; and
 * what the instances share in the data grid: cluster-wide presence and per-user connection counts.
 */
package io.switchboard.cluster;
