/**
 * Where frames enter: the {@code /ws} endpoint, its handshake configurator and the filters in front
 * of the upgrade. Translates frames to service calls and results back to frames.
 */
package io.switchboard.endpoint;
