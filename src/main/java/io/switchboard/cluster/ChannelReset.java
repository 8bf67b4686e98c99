package io.switchboard.cluster;

import java.io.Serializable;

/** An admin reset a channel: its history is gone and it has a new epoch; numbering goes on from {@code lastSeq}. */
public record ChannelReset(String channel, String epoch, long lastSeq) implements Serializable {
}
