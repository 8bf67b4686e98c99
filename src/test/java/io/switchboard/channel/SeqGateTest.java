package io.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.history.HistoryMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a channel's subscribers get when its batches arrive from several instances in any order,
 * twice or never: every seq once, in order, gaps read from the database after the reorder wait.
 */
class SeqGateTest {

    private static final Duration WAIT = Duration.ofMillis(200);

    /** The channel: what it delivered, as "seq" or "seq deleted", and its epoch. */
    private static final class FakeFeed implements SeqGate.Feed {
        final List<String> delivered = new ArrayList<>();
        long lastSeq;
        String epoch = "e0";
        boolean subscribers = true;

        @Override
        public long lastSeq() {
            return lastSeq;
        }

        @Override
        public void deliver(HistoryMessage m) {
            assertThat(m.seq()).as("delivered in order").isGreaterThan(lastSeq);
            delivered.add(m.seq() + (m.deleted() ? " deleted" : ""));
            lastSeq = m.seq();
        }

        @Override
        public void skipTo(long seq) {
            lastSeq = seq;
        }

        @Override
        public void epoch(String epoch) {
            this.epoch = epoch;
        }

        @Override
        public boolean hasSubscribers() {
            return subscribers;
        }
    }

    private record Task(Duration delay, long dueNanos, Runnable run) {
    }

    private final FakeFeed feed = new FakeFeed();
    // The database: what is stored, by seq.
    private final TreeMap<Long, HistoryMessage> store = new TreeMap<>();
    private final List<String> reads = new ArrayList<>();
    private final List<Task> timers = new ArrayList<>();
    private long now = 1_000_000;
    private boolean storeFails;

    private SeqGate gate(int maxHeld) {
        SeqGate.Shared shared = new SeqGate.Shared(WAIT, maxHeld, (channel, after, upTo) -> {
            reads.add(after + ".." + upTo);
            if (storeFails) {
                throw new IllegalStateException("database down");
            }
            return List.copyOf(store.subMap(after, false, upTo, true).values());
        }, (delay, task) -> timers.add(new Task(delay, now + delay.toNanos(), task)), () -> now);
        return new SeqGate("c", feed, feed, shared);
    }

    private final SeqGate gate = gate(10);

    private static HistoryMessage message(long seq) {
        return new HistoryMessage(seq, "\"m" + seq + "\"", "alice", 0, false);
    }

    private static List<HistoryMessage> batch(long first, long last) {
        return LongStream.rangeClosed(first, last).mapToObj(SeqGateTest::message).toList();
    }

    private void offer(long first, long last) {
        offer("e1", first, last);
    }

    private void offer(String epoch, long first, long last) {
        synchronized (feed) {
            gate.offer(epoch, batch(first, last));
        }
    }

    private void stored(long first, long last) {
        batch(first, last).forEach(m -> store.put(m.seq(), m));
    }

    /** Lets the clock pass, then runs the timers due by then (and what they schedule at once). */
    private void elapse(Duration d) {
        now += d.toNanos();
        runDue();
    }

    private void runDue() {
        while (true) {
            Task due = timers.stream().filter(t -> now >= t.dueNanos()).findFirst().orElse(null);
            if (due == null) {
                return;
            }
            timers.remove(due);
            due.run().run();
        }
    }

    private static List<String> seqs(long first, long last) {
        return LongStream.rangeClosed(first, last).mapToObj(String::valueOf).toList();
    }

    @Test
    void batchesInSeqOrderGoOutAtOnceWithTheirEpoch() {
        offer(1, 3);
        offer(4, 4);
        offer(5, 9);

        assertThat(feed.delivered).isEqualTo(seqs(1, 9));
        assertThat(feed.epoch).isEqualTo("e1");
        assertThat(timers).isEmpty();
    }

    @Test
    void aBatchDeliveredAlreadyIsDroppedAndAnOverlappingOneGivesOnlyItsNewPart() {
        offer(1, 4);
        offer(1, 4);
        offer(3, 6);
        offer(2, 2);

        assertThat(feed.delivered).isEqualTo(seqs(1, 6));
    }

    @Test
    void aBatchBeyondAGapWaitsForTheMissingOneAndNoDatabaseIsRead() {
        offer(1, 2);
        offer(5, 6);
        offer(7, 7);
        assertThat(feed.delivered).isEqualTo(seqs(1, 2));
        assertThat(timers).singleElement().satisfies(t -> assertThat(t.delay()).isEqualTo(WAIT));

        offer(3, 4);

        assertThat(feed.delivered).isEqualTo(seqs(1, 7));
        elapse(WAIT);
        assertThat(reads).isEmpty();
        assertThat(feed.delivered).isEqualTo(seqs(1, 7));
    }

    @Test
    void aGapStillOpenAfterTheWaitIsReadFromTheDatabaseAndDeliveredBeforeWhatWaited() {
        stored(1, 10);
        offer(1, 2);
        offer(5, 6);

        elapse(WAIT.minusMillis(1));
        assertThat(reads).isEmpty();
        elapse(Duration.ofMillis(1));

        assertThat(reads).containsExactly("2..6");
        assertThat(feed.delivered).isEqualTo(seqs(1, 6));
        // the missing batch arriving late is a duplicate by now
        offer(3, 4);
        assertThat(feed.delivered).isEqualTo(seqs(1, 6));
    }

    @Test
    void aMessageDeletedSinceComesFromTheDatabaseAsADeletion() {
        stored(1, 4);
        store.put(3L, new HistoryMessage(3, null, "alice", 0, true));
        offer(1, 2);
        offer(4, 4);

        elapse(WAIT);

        assertThat(feed.delivered).containsExactly("1", "2", "3 deleted", "4");
    }

    @Test
    void whatTheDatabaseNoLongerHasIsPassedOverSoWhatWaitsGoesOut() {
        // an ephemeral channel, or history pruned or reset meanwhile
        offer(1, 2);
        offer(5, 6);

        elapse(WAIT);

        assertThat(feed.delivered).containsExactly("1", "2", "5", "6");
        assertThat(feed.lastSeq).isEqualTo(6);
    }

    @Test
    void overTheHoldBoundTheGapIsReadAtOnce() {
        SeqGate bounded = gate(2);
        stored(1, 20);
        synchronized (feed) {
            bounded.offer("e1", batch(1, 1));
            bounded.offer("e1", batch(3, 3));
            bounded.offer("e1", batch(5, 5));
            assertThat(reads).isEmpty();
            bounded.offer("e1", batch(7, 8));
        }

        runDue();

        assertThat(reads).containsExactly("1..8");
        assertThat(feed.delivered).isEqualTo(seqs(1, 8));
    }

    @Test
    void whileTheDatabaseIsReadBatchesGoOnArrivingAndGoOutAfterTheGap() {
        stored(1, 3);
        offer(1, 1);
        offer(3, 3);
        now += WAIT.toNanos();
        Task timer = timers.remove(0);
        timer.run().run();
        Task read = timers.remove(0);
        offer(4, 4);
        offer(2, 2);
        offer(6, 6);
        assertThat(feed.delivered).isEqualTo(seqs(1, 4));

        read.run().run();

        assertThat(feed.delivered).isEqualTo(seqs(1, 4));
        stored(5, 6);
        elapse(WAIT);
        assertThat(feed.delivered).isEqualTo(seqs(1, 6));
    }

    @Test
    void aFailedReadIsTriedAgainAfterTheWait() {
        stored(1, 3);
        offer(1, 1);
        offer(3, 3);
        storeFails = true;
        elapse(WAIT);
        assertThat(feed.delivered).containsExactly("1");

        storeFails = false;
        elapse(WAIT);

        assertThat(reads).containsExactly("1..3", "1..3");
        assertThat(feed.delivered).isEqualTo(seqs(1, 3));
    }

    @Test
    void theTimerSetForABatchThatWentOutWaitsOnForTheOneHeldNow() {
        stored(1, 10);
        offer(1, 1);
        offer(3, 3);
        elapse(Duration.ofMillis(150));
        offer(2, 2);
        offer(5, 5);

        elapse(Duration.ofMillis(50));
        assertThat(reads).as("5 has waited 50 ms only").isEmpty();
        elapse(Duration.ofMillis(150));

        assertThat(reads).containsExactly("3..5");
        assertThat(feed.delivered).isEqualTo(seqs(1, 5));
    }

    @Test
    void aResetPassesOverWhatWasNumberedBeforeItAndSetsTheNewEpoch() {
        offer(1, 2);
        offer(6, 7);
        synchronized (feed) {
            gate.reset("e2", 5);
        }

        assertThat(feed.delivered).containsExactly("1", "2", "6", "7");
        assertThat(feed.epoch).isEqualTo("e1");
        offer("e2", 8, 8);
        assertThat(feed.epoch).isEqualTo("e2");
        elapse(WAIT);
        assertThat(reads).isEmpty();
    }

    @Test
    void aResetAtTheLastSeqDeliveredSetsTheEpochAndAnOlderOneDoesNot() {
        offer(1, 5);
        synchronized (feed) {
            gate.reset("e2", 5);
        }
        assertThat(feed.epoch).isEqualTo("e2");
        offer("e2", 6, 7);
        synchronized (feed) {
            gate.reset("e-old", 5);
        }

        assertThat(feed.epoch).isEqualTo("e2");
        assertThat(feed.delivered).isEqualTo(seqs(1, 7));
    }

    @Test
    void withoutSubscribersNothingWaitsAndTheSeqMovesOn() {
        feed.subscribers = false;
        offer(1, 2);
        offer(7, 9);

        assertThat(feed.delivered).isEmpty();
        assertThat(feed.lastSeq).isEqualTo(9);
        assertThat(timers).isEmpty();
        feed.subscribers = true;
        offer(10, 10);
        assertThat(feed.delivered).containsExactly("10");
    }

    @Test
    void subscribersLeavingWhileBatchesWaitLetThemGo() {
        offer(1, 1);
        offer(4, 4);
        feed.subscribers = false;

        elapse(WAIT);

        assertThat(reads).isEmpty();
        assertThat(feed.lastSeq).isEqualTo(4);
    }

    @Test
    void aDeletionThatOvertookItsMessageMakesTheMessageGoOutAsDeleted() {
        offer(1, 1);
        boolean now;
        synchronized (feed) {
            now = gate.deleted(3);
        }
        assertThat(now).isFalse();
        offer(3, 3);
        offer(2, 2);

        assertThat(feed.delivered).containsExactly("1", "2", "3 deleted");
        synchronized (feed) {
            assertThat(gate.deleted(2)).as("delivered: the subscribers are told").isTrue();
        }
    }

    @Test
    void catchingUpReadsWhatWasCommittedBeyondTheLastSeqDelivered() {
        stored(1, 6);
        offer(1, 2);
        synchronized (feed) {
            gate.catchUp(6);
            gate.catchUp(2);
        }

        runDue();

        assertThat(reads).containsExactly("2..6");
        assertThat(feed.delivered).isEqualTo(seqs(1, 6));
    }

    @Test
    void aLongGapIsReadInTurns() {
        int total = SeqGate.MAX_READ * 2 + 10;
        stored(1, total);
        offer(1, 1);
        synchronized (feed) {
            gate.catchUp(total);
        }

        runDue();

        assertThat(reads).containsExactly("1.." + (SeqGate.MAX_READ + 1), (SeqGate.MAX_READ + 1) + ".." + (2 * SeqGate.MAX_READ + 1),
                (2 * SeqGate.MAX_READ + 1) + ".." + total);
        assertThat(feed.delivered).isEqualTo(seqs(1, total));
    }

    /**
     * Two or three instances' batches, split at random, shuffled, some sent twice, some lost: the
     * subscribers get 1..N exactly once each, in order.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void whateverTheBusDoesTheSubscribersGetEverySeqOnceInOrder(long seed) {
        Random random = new Random(seed);
        int total = 500;
        stored(1, total);
        List<long[]> batches = new ArrayList<>();
        for (long first = 1; first <= total; ) {
            long last = Math.min(total, first + random.nextInt(5));
            batches.add(new long[] {first, last});
            first = last + 1;
        }
        List<long[]> sent = new ArrayList<>();
        for (long[] b : batches) {
            // (a lost last batch would be read only at the next publish or cluster change)
            int copies = b[1] == total ? 1 : random.nextInt(10) == 0 ? 0 : random.nextInt(8) == 0 ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                sent.add(b);
            }
        }
        // delivery order: roughly in order, with each batch overtaking up to a few others
        for (int i = 0; i < sent.size(); i++) {
            int j = Math.min(sent.size() - 1, i + random.nextInt(4));
            Collections.swap(sent, i, j);
        }
        for (long[] b : sent) {
            offer(b[0], b[1]);
            if (random.nextInt(3) == 0) {
                elapse(Duration.ofMillis(random.nextInt(100)));
            }
        }
        elapse(WAIT);
        elapse(WAIT);

        assertThat(feed.delivered).isEqualTo(seqs(1, total));
    }
}
