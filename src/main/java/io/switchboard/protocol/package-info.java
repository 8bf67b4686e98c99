/**
 * The v1 wire format: client and server frames as records, their JSON codecs, error codes and
 * close codes. Depends on nothing else in Switchboard.
 */
package io.switchboard.protocol;
