package io.switchboard.channel;

import io.switchboard.protocol.ErrorCode;

/** A request refused: the error code and message its client is told. */
public record Refused(ErrorCode code, String message) implements SubscribeResult {
}
