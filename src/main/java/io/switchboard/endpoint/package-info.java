/**
 * Where frames enter: the {@code /ws} endpoint, its handshake configurator and the filters in front
 * of the upgrade. Translates frames to service calls and results back to frames
 * ({@link io.switchboard.endpoint.HubRequests} for channel requests and broadcasts).
 */
package io.switchboard.endpoint;
