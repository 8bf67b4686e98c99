/**
 * The v1 wire format: client and server frames as records, their JSON codecs and the MessagePack
 * ones of {@code switchboard.v1+msgpack} (which go by way of the JSON values), error codes and
 * close codes. Depends on nothing else in Switchboard.
 */
package io.switchboard.protocol;
