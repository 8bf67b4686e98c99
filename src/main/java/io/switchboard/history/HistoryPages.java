package io.switchboard.history;

import io.switchboard.config.ChannelSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages of a channel's history, newest first page by page, for the history frame and the HTTP API;
 * and ranges of it in seq order, for an instance that missed some of a channel's live messages.
 */
@ApplicationScoped
public class HistoryPages {

    @Inject
    MessageStore store;

    @Inject
    ChannelSettings settings;

    /** A page of history: the channel's epoch and messages in ascending seq. */
    public record Page(String epoch, List<HistoryMessage> messages) {
    }

    /** Up to {@code limit} (capped) messages before {@code before} (or the newest), ascending. */
    public Page page(String channel, Long before, Integer limit) {
        int max = settings.historyMaxLimit();
        int count = limit == null ? max : Math.min(limit, max);
        ChannelState state = store.state(channel);
        if (!settings.policy(channel).durable()) {
            return new Page(state.epoch(), List.of());
        }
        List<HistoryMessage> messages = new ArrayList<>();
        for (StoredMessage m : store.before(channel, before == null ? Long.MAX_VALUE : before, count)) {
            messages.add(HistoryMessage.of(m));
        }
        return new Page(state.epoch(), messages);
    }

    /**
     * The stored messages {@code after < seq <= upTo} in seq order, deleted ones as deleted; what is
     * no longer stored (pruned, reset, or never: an ephemeral channel) is not among them.
     */
    public List<HistoryMessage> range(String channel, long after, long upTo) {
        if (upTo <= after || !settings.policy(channel).durable()) {
            return List.of();
        }
        List<HistoryMessage> messages = new ArrayList<>();
        for (StoredMessage m : store.range(channel, after, upTo)) {
            messages.add(HistoryMessage.of(m));
        }
        return messages;
    }
}
