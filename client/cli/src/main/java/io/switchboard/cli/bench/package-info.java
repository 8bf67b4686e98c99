/**
 * {@code switchboard bench}: a load generator for protocol v1, only ever aimed at 127.0.0.1 and
 * bounded in count and time. The commands parse and check options; each mode ({@code *Load})
 * drives its connections ({@link io.switchboard.cli.bench.BenchSocket}, over the JDK or Tyrus
 * client) and returns a {@link io.switchboard.cli.bench.BenchResult}.
 */
package io.switchboard.cli.bench;
