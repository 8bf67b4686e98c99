/**
 * Where frames enter: the {@code /ws} endpoint, its handshake configurator and the filters in front
 * of the upgrade (among them the RFC 6455 mask check, which no setting of the container offers).
 * Translates frames to service calls and results back to frames
 * ({@link io.switchboard.endpoint.HubRequests} for channel requests and broadcasts).
 */
package io.switchboard.endpoint;
