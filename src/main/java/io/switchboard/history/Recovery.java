package io.switchboard.history;

import io.switchboard.config.ChannelSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plans what a client that resubscribes with {@code since} is given of what it missed. */
@ApplicationScoped
public class Recovery {

    @Inject
    MessageStore store;

    @Inject
    ChannelSettings settings;

    /**
     * The messages after {@code since} up to the channel's last seq, or empty when they cannot all be
     * given: another epoch, a seq from the future, an ephemeral channel, too many, or some already
     * pruned. The caller holds the channel's monitor, so nothing is delivered between them and the
     * live messages that follow.
     *
     * @param current the channel's state as this instance has delivered it
     */
    public Optional<List<HistoryMessage>> missed(String channel, boolean durable, ChannelState current, Position since) {
        long after = since.seq();
        long last = current.lastSeq();
        if (!since.epoch().equals(current.epoch()) || after > last) {
            return Optional.empty();
        }
        if (after == last) {
            return Optional.of(List.of());
        }
        if (!durable || last - after > settings.recoveryMaxMessages()) {
            return Optional.empty();
        }
        List<StoredMessage> rows = store.range(channel, after, last);
        if (rows.size() != last - after) {
            return Optional.empty();
        }
        List<HistoryMessage> missed = new ArrayList<>(rows.size());
        rows.forEach(m -> missed.add(HistoryMessage.of(m)));
        return Optional.of(missed);
    }
}
