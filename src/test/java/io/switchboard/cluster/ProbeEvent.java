package io.switchboard.cluster;

import java.io.Serializable;

/**
 * The payload {@link ClusterProbe} sends as a clustered CDI event. {@code sentNanos} is the
 * sender's {@link System#nanoTime()}: on Linux that is CLOCK_MONOTONIC, one clock for every process
 * on the machine, so a receiver on the same machine can subtract it from its own.
 */
public record ProbeEvent(String run, int seq, long sentNanos, String sender) implements Serializable {
}
