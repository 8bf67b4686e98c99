package io.switchboard.cluster;

import java.io.Serializable;

/** A moderator deleted a stored message. */
public record MessageDeleted(String channel, long seq) implements Serializable {
}
