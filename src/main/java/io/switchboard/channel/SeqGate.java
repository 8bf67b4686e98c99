package io.switchboard.channel;

import io.switchboard.history.HistoryMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts one channel's committed batches into seq order for this instance's subscribers when several
 * instances commit to the channel: this instance's writer and the other instances' clustered events
 * alike pass through it, in any order and any number of times. A batch that continues the delivered
 * seqs goes out at once (and releases the batches held behind it); what was delivered already is
 * dropped; a batch beyond a gap is held for up to {@link Shared#reorderWait} (at once when more than
 * {@link Shared#maxHeld} are held), after which the gap is read from the database and delivered,
 * merged with what is held. What the database no longer has (pruned, reset, ephemeral) is skipped.
 * So the subscribers see no gap the database could fill, no duplicate and no reordering.
 *
 * <p>Every method but the timer's and the read's own tasks is called holding {@code lock} (the
 * channel's monitor, which also orders subscribes). The database read runs on the timer's thread
 * without the lock; nothing here blocks a caller beyond the delivery itself.
 */
final class SeqGate {

    private static final Logger LOG = Logger.getLogger(SeqGate.class.getName());
    // A deletion that overtook its message is remembered until the message goes out; bounded.
    private static final int MAX_DELETED_AHEAD = 1_000;
    // Messages read from the database at once; a longer gap is read (and delivered) in turns.
    static final int MAX_READ = 1_000;

    /** The channel as the gate sees it; called with the lock held. */
    interface Feed {

        /** The highest seq delivered (or passed over) here. */
        long lastSeq();

        /** Sends the message (or its deletion, when {@code deleted}) to the subscribers; then it is {@link #lastSeq}. */
        void deliver(HistoryMessage message);

        /** Passes over seqs up to {@code seq} without delivering them. */
        void skipTo(long seq);

        /** The epoch of the messages delivered last. */
        void epoch(String epoch);

        boolean hasSubscribers();
    }

    /** Reads committed messages {@code after < seq <= upTo} of a channel, in seq order, deleted ones included. */
    interface GapReader {
        List<HistoryMessage> read(String channel, long after, long upTo);
    }

    /** Runs a task on another thread after a delay. */
    interface Timer {
        void schedule(Duration delay, Runnable task);
    }

    /** What every channel's gate shares: its settings, where gaps are read and its timers. */
    record Shared(Duration reorderWait, int maxHeld, GapReader reader, Timer timer, LongSupplier nanoClock) {
    }

    private record Held(String epoch, List<HistoryMessage> messages, long arrivedNanos) {
        long first() {
            return messages.get(0).seq();
        }

        long last() {
            return messages.get(messages.size() - 1).seq();
        }
    }

    private final String channel;
    private final Object lock;
    private final Feed feed;
    private final Shared shared;

    // All guarded by lock. Held batches by first seq, each starting beyond lastSeq + 1.
    private final TreeMap<Long, Held> held = new TreeMap<>();
    private final Set<Long> deletedAhead = new HashSet<>();
    private boolean timerArmed;
    private boolean reading;

    SeqGate(String channel, Object lock, Feed feed, Shared shared) {
        this.channel = channel;
        this.lock = lock;
        this.feed = feed;
        this.shared = shared;
    }

    /** A committed batch: its messages, with consecutive seqs, all from {@code epoch}. Call holding the lock. */
    void offer(String epoch, List<HistoryMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Held batch = new Held(epoch, messages, shared.nanoClock().getAsLong());
        if (batch.last() <= feed.lastSeq()) {
            return;
        }
        if (!feed.hasSubscribers()) {
            // Nobody to keep in order: a subscriber that comes is told the seq from here on.
            passOver(batch.last(), epoch);
            return;
        }
        if (batch.first() <= feed.lastSeq() + 1) {
            deliverAfterLast(batch);
            release();
            return;
        }
        held.merge(batch.first(), batch, (a, b) -> a.last() >= b.last() ? a : b);
        if (held.size() > shared.maxHeld()) {
            readGap(held.lastEntry().getValue().last());
        } else {
            armTimer();
        }
    }

    /**
     * A moderator deleted message {@code seq}: true when the subscribers are to be told now; else
     * the message has not gone out yet and goes out as deleted. Call holding the lock.
     */
    boolean deleted(long seq) {
        if (seq <= feed.lastSeq()) {
            return true;
        }
        if (deletedAhead.size() < MAX_DELETED_AHEAD) {
            deletedAhead.add(seq);
        }
        return false;
    }

    /**
     * The channel was reset at {@code lastSeq}: what is numbered up to there is history that no
     * longer exists, so nobody waits for it. Call holding the lock.
     */
    void reset(String epoch, long lastSeq) {
        if (lastSeq >= feed.lastSeq()) {
            feed.epoch(epoch);
        }
        passOver(lastSeq, null);
    }

    /**
     * The channel has committed up to {@code lastSeq} (as read from the database after the cluster
     * changed): what this instance has not delivered of it is read and delivered. Call holding the lock.
     */
    void catchUp(long lastSeq) {
        if (lastSeq <= feed.lastSeq()) {
            return;
        }
        if (!feed.hasSubscribers()) {
            passOver(lastSeq, null);
            return;
        }
        readGap(Math.max(lastSeq, held.isEmpty() ? lastSeq : held.lastEntry().getValue().last()));
    }

    /** How many batches wait behind a gap; for tests and diagnostics. Call holding the lock. */
    int heldBatches() {
        return held.size();
    }

    private void passOver(long seq, String epoch) {
        if (seq > feed.lastSeq()) {
            feed.skipTo(seq);
            if (epoch != null) {
                feed.epoch(epoch);
            }
        }
        release();
    }

    /** Delivers the batch's messages beyond the last seq; the batch starts at most one beyond it. */
    private void deliverAfterLast(Held batch) {
        for (HistoryMessage m : batch.messages()) {
            if (m.seq() > feed.lastSeq()) {
                deliver(m);
            }
        }
        feed.epoch(batch.epoch());
    }

    private void deliver(HistoryMessage m) {
        if (!m.deleted() && deletedAhead.remove(m.seq())) {
            m = new HistoryMessage(m.seq(), null, m.sender(), m.ts(), true);
        }
        feed.deliver(m);
    }

    /** Delivers the held batches that now continue the seqs, drops the ones delivered meanwhile. */
    private void release() {
        while (!held.isEmpty()) {
            Held first = held.firstEntry().getValue();
            if (first.last() <= feed.lastSeq()) {
                held.pollFirstEntry();
            } else if (first.first() <= feed.lastSeq() + 1) {
                held.pollFirstEntry();
                deliverAfterLast(first);
            } else {
                break;
            }
        }
        if (held.isEmpty()) {
            deletedAhead.removeIf(seq -> seq <= feed.lastSeq());
        }
    }

    /** Sets the timer for when the first held batch has waited its time, unless set or a read is on. */
    private void armTimer() {
        if (timerArmed || reading || held.isEmpty()) {
            return;
        }
        timerArmed = true;
        shared.timer().schedule(shared.reorderWait().minusNanos(Math.max(0, waitedNanos())), this::timerFired);
    }

    private long waitedNanos() {
        return shared.nanoClock().getAsLong() - held.firstEntry().getValue().arrivedNanos();
    }

    private void timerFired() {
        synchronized (lock) {
            timerArmed = false;
            if (held.isEmpty()) {
                return;
            }
            if (!feed.hasSubscribers()) {
                passOver(held.lastEntry().getValue().last(), held.lastEntry().getValue().epoch());
                return;
            }
            if (waitedNanos() < shared.reorderWait().toNanos()) {
                // The batch the timer was set for went out; the one held now came later.
                armTimer();
                return;
            }
            readGap(held.lastEntry().getValue().last());
        }
    }

    /**
     * Reads {@code lastSeq < seq <= upTo} from the database on the timer's thread, then delivers
     * it merged with what is held. One read at a time; what arrives meanwhile waits for it.
     */
    private void readGap(long upTo) {
        if (reading) {
            return;
        }
        reading = true;
        long after = feed.lastSeq();
        long until = Math.min(upTo, after + MAX_READ);
        shared.timer().schedule(Duration.ZERO, () -> {
            List<HistoryMessage> read;
            try {
                read = shared.reader().read(channel, after, until);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "reading messages " + (after + 1) + ".." + until + " of " + channel
                        + " to fill a gap failed; trying again", e);
                synchronized (lock) {
                    reading = false;
                }
                shared.timer().schedule(shared.reorderWait(), () -> {
                    synchronized (lock) {
                        if (upTo > feed.lastSeq() && feed.hasSubscribers()) {
                            readGap(upTo);
                        }
                    }
                });
                return;
            }
            synchronized (lock) {
                reading = false;
                fill(read, until);
                if (until < upTo && upTo > feed.lastSeq() && feed.hasSubscribers()) {
                    readGap(upTo);
                }
            }
        });
    }

    private void fill(List<HistoryMessage> read, long upTo) {
        // The database's row wins over a held copy: it knows of a deletion since.
        TreeMap<Long, HistoryMessage> merged = new TreeMap<>();
        String epoch = null;
        for (Map.Entry<Long, Held> e : held.headMap(upTo, true).entrySet()) {
            for (HistoryMessage m : e.getValue().messages()) {
                if (m.seq() <= upTo) {
                    merged.put(m.seq(), m);
                }
            }
            if (e.getValue().last() <= upTo) {
                epoch = e.getValue().epoch();
            }
        }
        for (HistoryMessage m : read) {
            if (m.seq() <= upTo) {
                merged.put(m.seq(), m);
            }
        }
        List<HistoryMessage> inOrder = new ArrayList<>(merged.tailMap(feed.lastSeq(), false).values());
        if (!feed.hasSubscribers()) {
            inOrder.clear();
        }
        long skipped = upTo - feed.lastSeq() - inOrder.size();
        if (skipped > 0) {
            LOG.fine(() -> channel + ": " + skipped + " message(s) up to " + upTo + " are no longer stored; passed over");
        }
        for (HistoryMessage m : inOrder) {
            deliver(m);
        }
        if (epoch != null) {
            feed.epoch(epoch);
        }
        passOver(upTo, null);
        if (!held.isEmpty()) {
            armTimer();
        }
    }
}
