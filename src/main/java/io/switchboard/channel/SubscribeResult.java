package io.switchboard.channel;

import io.switchboard.history.HistoryMessage;
import java.util.List;

/** What a subscribe came to: subscribed, or {@link Refused}. */
public sealed interface SubscribeResult permits SubscribeResult.Subscribed, Refused {

    /**
     * The connection is subscribed from {@code seq} on, in {@code epoch}.
     *
     * @param presence the users present, or null where presence is off
     * @param recovered null unless the subscribe asked to recover; then whether all it missed is in {@code missed}
     * @param missed the messages after the client's seq, in seq order (deleted ones as deleted)
     */
    record Subscribed(String channel, long seq, String epoch, List<String> presence, Boolean recovered,
                      List<HistoryMessage> missed) implements SubscribeResult {
    }
}
