/**
 * What crosses to other instances: the {@link io.switchboard.cluster.ClusterBus} through which
 * committed batches, deletions, resets, broadcasts and the end of logins and connections pass, its
 * single-instance {@link io.switchboard.cluster.LocalBus}, and the serializable records they carry.
 */
package io.switchboard.cluster;
