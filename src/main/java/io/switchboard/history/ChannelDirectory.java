package io.switchboard.history;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The stored channels (every channel that has been published in or reset), a page at a time in
 * name order, for the admin console: filtering and paging are done by the database, so the
 * console's cost does not grow with the number of channels.
 */
@ApplicationScoped
@Transactional
public class ChannelDirectory {

    /** A channel's row; {@code lastMessageMillis} is when its last message was stored, null when it is not kept. */
    public record Listing(String name, String epoch, long lastSeq, Long lastMessageMillis) {
    }

    /** One page of the channels whose name contains the filter, and how many there are in all. */
    public record Page(long total, List<Listing> channels) {
    }

    @PersistenceContext(unitName = "switchboard")
    EntityManager em;

    public Page page(String filter, int offset, int limit) {
        String pattern = "%" + escapeLike(filter.toLowerCase(Locale.ROOT)) + "%";
        long total = em.createQuery("select count(c) from ChannelRecord c where lower(c.name) like :f escape '!'", Long.class)
                .setParameter("f", pattern).getSingleResult();
        List<ChannelRecord> rows = em.createQuery(
                        "select c from ChannelRecord c where lower(c.name) like :f escape '!' order by c.name", ChannelRecord.class)
                .setParameter("f", pattern).setFirstResult(offset).setMaxResults(limit).getResultList();
        List<Listing> listings = new ArrayList<>(rows.size());
        for (ChannelRecord row : rows) {
            Long last = row.lastSeq() == 0 ? null : em.createQuery(
                            "select m.ts from StoredMessage m where m.channel = :c and m.seq = :s", Long.class)
                    .setParameter("c", row.name()).setParameter("s", row.lastSeq())
                    .getResultStream().findFirst().orElse(null);
            listings.add(new Listing(row.name(), row.epoch(), row.lastSeq(), last));
        }
        return new Page(total, listings);
    }

    static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
