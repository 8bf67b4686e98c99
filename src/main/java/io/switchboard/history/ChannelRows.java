package io.switchboard.history;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A channel's row: read without creating it, created by the channel's first publish, given a new
 * epoch by a reset. Two writers (two instances) or a writer and a reset may create it at the same
 * moment; the one that loses gets a key violation, and a later attempt finds the row once the
 * winner's short transaction has committed.
 */
@ApplicationScoped
public class ChannelRows {

    private static final int NAMES_PER_READ = 500;
    private static final Logger LOG = Logger.getLogger(ChannelRows.class.getName());

    @Inject
    MessageStore store;

    /** The channel's state as stored, or its first epoch and seq 0 while it has no row; creates nothing. */
    public ChannelState state(String channel) {
        return store.state(channel);
    }

    /**
     * The last seq of each channel named that has been published in, read in statements of at
     * most {@value #NAMES_PER_READ} names.
     */
    public Map<String, Long> lastSeqs(Collection<String> channels) {
        List<String> names = List.copyOf(channels);
        Map<String, Long> last = new HashMap<>();
        for (int from = 0; from < names.size(); from += NAMES_PER_READ) {
            last.putAll(store.lastSeqs(names.subList(from, Math.min(names.size(), from + NAMES_PER_READ))));
        }
        return last;
    }

    /** Up to {@code limit} channels that have a row, named after {@code after} (from the first when null), by name. */
    public List<StoredChannel> after(String after, int limit) {
        return store.channelsAfter(after, limit);
    }

    /** The channel's stored state, creating its row on its first publish. */
    public ChannelState open(String channel) {
        return creatingRow(channel, () -> store.open(channel));
    }

    /** Deletes the history and starts a new epoch; the numbering goes on. */
    public ChannelState reset(String channel) {
        return creatingRow(channel, () -> store.reset(channel));
    }

    private static ChannelState creatingRow(String channel, Supplier<ChannelState> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException createdElsewhereMeanwhile) {
                if (attempt == 5) {
                    throw createdElsewhereMeanwhile;
                }
                LOG.log(Level.FINE, "creating channel " + channel + " raced; looking again", createdElsewhereMeanwhile);
            }
        }
    }
}
