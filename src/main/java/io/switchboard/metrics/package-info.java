/**
 * What the hub is doing, in numbers: counters and a recent latency window fed from the frame paths
 * ({@link io.switchboard.metrics.HubStats}), exported as MicroProfile Metrics at the server's
 * {@code /metrics} and as the MXBean {@code io.switchboard:type=Hub} for JMX clients.
 */
package io.switchboard.metrics;
