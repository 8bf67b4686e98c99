package io.switchboard.cluster;

/**
 * One instance of the cluster as the data grid sees it: {@code id} is the grid's member UUID, new at
 * every start; {@code name} is Payara's instance name ({@code --name}), or the address when the
 * member has not published one yet.
 */
public record ClusterMember(String id, String name, String address) {
}
