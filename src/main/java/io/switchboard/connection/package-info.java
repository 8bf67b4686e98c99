/**
 * Open connections: the registry, each connection's bounded outbound queue (backpressure and
 * coalescing), heartbeats and the shutdown drain. The only place that writes to a socket.
 */
package io.switchboard.connection;
