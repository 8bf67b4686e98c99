package io.switchboard.admin;

import io.switchboard.history.StoredChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * One page of the channels a caller may read, out of the stored ones in name order. The rules
 * hide some of them, so rows are read in batches until the page is full; at most
 * {@value #BATCHES} batches per page, so a caller who may read few of many channels costs a
 * bounded read per request and gets a shorter page with a {@code next} to go on from.
 *
 * @param channels what the caller may read, by name
 * @param next the name to pass as {@code after} for the next page; null when there is no more
 */
record ChannelListing(List<StoredChannel> channels, String next) {

    static final int BATCHES = 10;

    /**
     * @param stored reads up to {@code limit} stored channels named after a name (null: from the first)
     * @param readable whether the caller may subscribe to a channel
     */
    static ChannelListing page(BiFunction<String, Integer, List<StoredChannel>> stored, Predicate<String> readable,
                               String after, int limit) {
        List<StoredChannel> page = new ArrayList<>();
        String last = after;
        for (int batch = 0; batch < BATCHES; batch++) {
            List<StoredChannel> rows = stored.apply(last, limit);
            for (StoredChannel row : rows) {
                last = row.name();
                if (readable.test(row.name())) {
                    page.add(row);
                    if (page.size() == limit) {
                        // more may follow; an empty next page is the price of not reading ahead
                        return new ChannelListing(page, last);
                    }
                }
            }
            if (rows.size() < limit) {
                return new ChannelListing(page, null);
            }
        }
        return new ChannelListing(page, last);
    }
}
