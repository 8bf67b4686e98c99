package io.switchboard.history;

import io.switchboard.config.PrefixTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Channels and their history in the database. Every method is one transaction. Sequence numbers
 * are assigned from the channel's row under a row lock, so instances sharing the database never
 * assign the same seq and never skip one. A channel gets its row from its first publish (or a
 * reset), never from being read, so reading names costs no storage.
 */
@ApplicationScoped
@Transactional
public class MessageStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "switchboard")
    EntityManager em;

    @Inject
    FirstEpochs firstEpochs;

    /**
     * What a batch became: its channel's epoch and last seq and, per publish in order, its seq and
     * whether it was a resend.
     */
    public record Appended(String epoch, long lastSeq, long[] seqs, boolean[] duplicates) {
    }

    static String newEpoch() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** What one step of a retention pass deleted, and the channel the next step starts at (null: the pass is done). */
    public record Pruned(int deleted, String next) {
    }

    /**
     * The channel's state as stored or, while nothing has been published in it (it has no row),
     * its first epoch and seq 0. Creates nothing, so reading any number of names costs no storage.
     */
    public ChannelState state(String channel) {
        ChannelRecord row = em.find(ChannelRecord.class, channel);
        return row == null ? new ChannelState(firstEpochs.of(channel), 0) : new ChannelState(row.epoch(), row.lastSeq());
    }

    /** The last seq of each of the channels that has a row; a channel without one is left out. */
    public Map<String, Long> lastSeqs(Collection<String> channels) {
        Map<String, Long> last = new HashMap<>();
        for (Object[] row : em.createQuery("select c.name, c.lastSeq from ChannelRecord c where c.name in :names", Object[].class)
                .setParameter("names", channels).getResultList()) {
            last.put((String) row[0], (Long) row[1]);
        }
        return last;
    }

    /** Up to {@code limit} stored channels named after {@code after} (from the first when null), by name. */
    public List<StoredChannel> channelsAfter(String after, int limit) {
        TypedQuery<Object[]> query = em.createQuery("select c.name, c.lastSeq from ChannelRecord c"
                + (after == null ? "" : " where c.name > :after") + " order by c.name", Object[].class);
        if (after != null) {
            query.setParameter("after", after);
        }
        List<StoredChannel> channels = new ArrayList<>();
        for (Object[] row : query.setMaxResults(limit).getResultList()) {
            channels.add(new StoredChannel((String) row[0], (Long) row[1]));
        }
        return channels;
    }

    /** The channel's state, creating its row with its first epoch when it has none yet: publishing only. */
    public ChannelState open(String channel) {
        ChannelRecord row = em.find(ChannelRecord.class, channel);
        if (row == null) {
            row = new ChannelRecord(channel, firstEpochs.of(channel), System.currentTimeMillis());
            em.persist(row);
            em.flush();
        }
        return new ChannelState(row.epoch(), row.lastSeq());
    }

    /**
     * Numbers and (when durable) stores a batch of publishes in one transaction. A publish whose
     * sender and client id match a message stored since {@code dedupSince} (or earlier in the same
     * batch) is not stored again and gets the first one's seq.
     */
    public Appended append(String channel, List<Publish> batch, boolean durable, long now, long dedupSince) {
        ChannelRecord row = em.find(ChannelRecord.class, channel, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new ChannelRecord(channel, firstEpochs.of(channel), now);
            em.persist(row);
        }
        Map<String, Long> seen = durable ? storedIds(channel, batch, dedupSince) : new HashMap<>();
        long[] seqs = new long[batch.size()];
        boolean[] duplicates = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Publish p = batch.get(i);
            String key = p.clientId() == null ? null : dedupKey(p.sender(), p.clientId());
            Long first = key == null ? null : seen.get(key);
            if (first != null) {
                seqs[i] = first;
                duplicates[i] = true;
                continue;
            }
            long seq = row.assignNext();
            seqs[i] = seq;
            if (durable) {
                em.persist(new StoredMessage(channel, seq, p.data(), p.sender(), p.clientId(), now));
                if (key != null) {
                    seen.put(key, seq);
                }
            }
        }
        return new Appended(row.epoch(), row.lastSeq(), seqs, duplicates);
    }

    private Map<String, Long> storedIds(String channel, List<Publish> batch, long since) {
        Set<String> ids = new HashSet<>();
        for (Publish p : batch) {
            if (p.clientId() != null) {
                ids.add(p.clientId());
            }
        }
        Map<String, Long> seen = new HashMap<>();
        if (ids.isEmpty()) {
            return seen;
        }
        List<Object[]> rows = em.createQuery("select m.sender, m.clientId, m.seq from StoredMessage m"
                        + " where m.channel = :c and m.clientId in :ids and m.ts >= :since", Object[].class)
                .setParameter("c", channel).setParameter("ids", ids).setParameter("since", since)
                .getResultList();
        for (Object[] r : rows) {
            seen.merge(dedupKey((String) r[0], (String) r[1]), (Long) r[2], Math::min);
        }
        return seen;
    }

    private static String dedupKey(String sender, String clientId) {
        return sender + '\u0000' + clientId;
    }

    /** Messages with {@code after < seq <= upTo}, in seq order. */
    public List<StoredMessage> range(String channel, long after, long upTo) {
        return em.createQuery("select m from StoredMessage m where m.channel = :c and m.seq > :a and m.seq <= :u"
                        + " order by m.seq", StoredMessage.class)
                .setParameter("c", channel).setParameter("a", after).setParameter("u", upTo)
                .getResultList();
    }

    /** The newest {@code limit} messages with seq below {@code before}, in ascending seq order. */
    public List<StoredMessage> before(String channel, long before, int limit) {
        List<StoredMessage> newestFirst = new ArrayList<>(em.createQuery(
                        "select m from StoredMessage m where m.channel = :c and m.seq < :b order by m.seq desc",
                        StoredMessage.class)
                .setParameter("c", channel).setParameter("b", before)
                .setMaxResults(limit)
                .getResultList());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Marks a stored message deleted and clears its data; false if there is no such message. */
    public boolean delete(String channel, long seq) {
        StoredMessage m = em.find(StoredMessage.class, key(channel, seq), LockModeType.PESSIMISTIC_WRITE);
        if (m == null) {
            return false;
        }
        m.delete();
        return true;
    }

    /**
     * Deletes all history and gives the channel a new epoch; the numbering goes on. A channel that
     * has no row gets one, so the epoch its subscribers were told is not the one it has now.
     */
    public ChannelState reset(String channel) {
        ChannelRecord row = em.find(ChannelRecord.class, channel, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new ChannelRecord(channel, newEpoch(), System.currentTimeMillis());
            em.persist(row);
            em.flush();
            return new ChannelState(row.epoch(), row.lastSeq());
        }
        em.createQuery("delete from StoredMessage m where m.channel = :c").setParameter("c", channel).executeUpdate();
        row.newEpoch(newEpoch());
        return new ChannelState(row.epoch(), row.lastSeq());
    }

    /**
     * One step of a retention pass over the channels of {@code scope}: deletes up to {@code limit}
     * of their messages more than {@code keep} behind the channel's last seq or older than
     * {@code olderThan}, from channel {@code from} on (from the first when null). See {@link PruneSql}.
     */
    public Pruned prune(PrefixTable.Scope<?> scope, long keep, long olderThan, String from, int limit) {
        List<?> bound = query(PruneSql.bound(scope, keep, olderThan, from, limit)).getResultList();
        if (bound.isEmpty()) {
            return new Pruned(query(PruneSql.delete(scope, keep, olderThan, from, null, 0)).executeUpdate(), null);
        }
        Object[] last = (Object[]) bound.get(0);
        String channel = (String) last[0];
        long seq = ((Number) last[1]).longValue();
        return new Pruned(query(PruneSql.delete(scope, keep, olderThan, from, channel, seq)).executeUpdate(), channel);
    }

    private Query query(PruneSql.Statement statement) {
        Query query = em.createNativeQuery(statement.sql());
        for (int i = 0; i < statement.parameters().size(); i++) {
            query.setParameter(i + 1, statement.parameters().get(i));
        }
        return query;
    }

    /**
     * The database's epoch key (hex), created by the first instance that asks. Two instances
     * creating it at once: one fails here and finds the other's when it asks again.
     */
    public String epochKey() {
        List<?> found = em.createNativeQuery("SELECT secret FROM epoch_key WHERE id = 1").getResultList();
        if (!found.isEmpty()) {
            return (String) found.get(0);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String hex = HexFormat.of().formatHex(secret);
        em.createNativeQuery("INSERT INTO epoch_key (id, secret) VALUES (1, ?)").setParameter(1, hex).executeUpdate();
        return hex;
    }

    private static StoredMessage.Key key(String channel, long seq) {
        StoredMessage.Key k = new StoredMessage.Key();
        k.channel = channel;
        k.seq = seq;
        return k;
    }
}
