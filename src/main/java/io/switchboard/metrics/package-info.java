/**
 * What the hub is doing, in numbers: counters and a recent latency window fed from the frame paths
 * ({@link io.switchboard.metrics.HubStats}), exported as MicroProfile Metrics at the server's
 * {@code /metrics} and as an MXBean for Payara's own monitoring.
 */
package io.switchboard.metrics;
