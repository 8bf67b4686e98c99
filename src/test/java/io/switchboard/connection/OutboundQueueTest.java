package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.protocol.CloseCode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OutboundQueueTest {

    private static final long BIG = 1L << 30;

    /** A sink whose only behaviour is send. */
    abstract static class SendOnlySink implements FrameSink {

        @Override
        public void send(OutboundFrame frame, Consumer<Throwable> done) {
            send(frame.text(), done);
        }

        abstract void send(String text, Consumer<Throwable> done);

        @Override
        public void ping() {
        }

        @Override
        public void close(CloseCode code) {
        }

        @Override
        public void abort() {
        }

        @Override
        public void closeLost() {
        }
    }

    /** Records every send and keeps its callback until the test completes it. */
    static final class ManualSink extends SendOnlySink {

        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        private final ArrayDeque<Consumer<Throwable>> pending = new ArrayDeque<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public void send(String text, Consumer<Throwable> done) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            sent.add(text);
            synchronized (this) {
                pending.add(done);
            }
        }

        int pendingCount() {
            synchronized (this) {
                return pending.size();
            }
        }

        /** Completes the oldest outstanding send. */
        void complete() {
            finish(null);
        }

        void fail(Throwable cause) {
            finish(cause);
        }

        private void finish(Throwable result) {
            Consumer<Throwable> done;
            synchronized (this) {
                done = pending.poll();
            }
            assertThat(done).as("a send in flight").isNotNull();
            inFlight.decrementAndGet();
            done.accept(result);
        }

        List<String> sent() {
            synchronized (sent) {
                return List.copyOf(sent);
            }
        }
    }

    static final class RecordingListener implements OutboundQueue.Listener {
        final AtomicInteger overflowed = new AtomicInteger();
        final AtomicInteger drained = new AtomicInteger();
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        volatile Runnable onEvent = () -> { };

        @Override
        public void overflowed() {
            overflowed.incrementAndGet();
            onEvent.run();
        }

        @Override
        public void drained() {
            drained.incrementAndGet();
            onEvent.run();
        }

        @Override
        public void sendFailed(Throwable cause) {
            failures.add(cause);
            onEvent.run();
        }
    }

    private final ManualSink sink = new ManualSink();
    private final RecordingListener listener = new RecordingListener();
    private final List<ExecutorService> executors = new ArrayList<>();

    @AfterEach
    void shutDownExecutors() throws InterruptedException {
        for (ExecutorService e : executors) {
            e.shutdownNow();
            assertThat(e.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private ExecutorService executor(int threads) {
        ExecutorService e = Executors.newFixedThreadPool(threads);
        executors.add(e);
        return e;
    }

    private OutboundQueue queue(long maxBytes, int batchMaxBytes) {
        return new OutboundQueue(sink, listener, Runnable::run, maxBytes, batchMaxBytes);
    }

    private static OutboundFrame frame(String text) {
        return OutboundFrame.of(text);
    }

    @Test
    void firstOfferIsSentAtOnce() {
        OutboundQueue q = queue(BIG, 65536);
        assertThat(q.offer(frame("{\"a\":1}"))).isTrue();
        assertThat(sink.sent()).containsExactly("{\"a\":1}");
        assertThat(sink.inFlight).hasValue(1);
    }

    @Test
    void eachOfferIsSentAloneWhenTheSocketKeepsUp() {
        OutboundQueue q = queue(BIG, 65536);
        for (int i = 0; i < 5; i++) {
            assertThat(q.offer(frame("f" + i))).isTrue();
            sink.complete();
        }
        assertThat(sink.sent()).containsExactly("f0", "f1", "f2", "f3", "f4");
        assertThat(q.queuedBytes()).isZero();
    }

    @Test
    void offersDuringAnInFlightSendAreCoalescedIntoOneNextSendInOrder() {
        OutboundQueue q = queue(BIG, 65536);
        q.offer(frame("first"));
        assertThat(q.offer(frame("a"))).isTrue();
        assertThat(q.offer(frame("b"))).isTrue();
        assertThat(q.offer(frame("c"))).isTrue();
        assertThat(sink.sent()).containsExactly("first");

        sink.complete();
        assertThat(sink.sent()).containsExactly("first", "a\nb\nc");

        sink.complete();
        assertThat(sink.sent()).hasSize(2);
        assertThat(sink.pendingCount()).isZero();
        assertThat(sink.maxInFlight).hasValue(1);
    }

    @Test
    void aLoneFrameGoesOutAsEncodedAndABatchIsOneWholeTextFrame() {
        List<OutboundFrame> written = new ArrayList<>();
        List<Consumer<Throwable>> callbacks = new ArrayList<>();
        FrameSink recording = new SendOnlySink() {
            @Override
            public void send(OutboundFrame frame, Consumer<Throwable> done) {
                written.add(frame);
                callbacks.add(done);
            }

            @Override
            void send(String text, Consumer<Throwable> done) {
                throw new AssertionError("frames are sent as encoded");
            }
        };
        OutboundQueue q = new OutboundQueue(recording, listener, Runnable::run, BIG, 65536);
        OutboundFrame shared = OutboundFrame.message("{\"seq\":1}", 1);
        q.offer(shared);
        assertThat(written).hasSize(1);
        assertThat(written.get(0)).as("a fan-out message's bytes are written as they are, not copied")
                .isSameAs(shared);

        String big = "x".repeat(200);
        q.offer(OutboundFrame.of("é"));
        q.offer(OutboundFrame.of(big));
        callbacks.get(0).accept(null);

        assertThat(written).hasSize(2);
        byte[] wire = written.get(1).wire();
        int payload = 2 + 1 + 200;
        assertThat(wire).as("header: FIN text, 16-bit length %d, then the payload", payload)
                .startsWith((byte) 0x81, (byte) 126, (byte) (payload >>> 8), (byte) payload)
                .hasSize(4 + payload);
        assertThat(written.get(1).text()).isEqualTo("é\n" + big);
        assertThat(q.queuedBytes()).as("the two frames' bytes, without the newline").isEqualTo(2 + 200);
    }

    @Test
    void batchesNeverExceedBatchMaxBytesCountingNewlines() {
        OutboundQueue q = queue(BIG, 10);
        q.offer(frame("hold"));
        for (String s : new String[] {"aaa", "bbb", "ccc", "ddd", "eee"}) {
            q.offer(frame(s));
        }
        drainAll();
        // 3 + 1 + 3 = 7 fits; a third frame would make 11 > 10.
        assertThat(sink.sent()).containsExactly("hold", "aaa\nbbb", "ccc\nddd", "eee");
        assertThat(sink.sent()).allSatisfy(s -> assertThat(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(10));
    }

    @Test
    void batchExactlyAtTheLimitIsOneSend() {
        OutboundQueue q = queue(BIG, 10);
        q.offer(frame("hold"));
        q.offer(frame("aaaa"));
        q.offer(frame("bbbbb"));
        q.offer(frame("c"));
        drainAll();
        // 4 + 1 + 5 = 10: exactly the limit.
        assertThat(sink.sent()).containsExactly("hold", "aaaa\nbbbbb", "c");
    }

    @Test
    void batchLimitCountsUtf8Bytes() {
        OutboundQueue q = queue(BIG, 10);
        q.offer(frame("hold"));
        q.offer(frame("€")); // 3 bytes
        q.offer(frame("€€")); // 6 bytes: 3 + 1 + 6 = 10 fits
        q.offer(frame("é")); // 2 bytes: would make 13
        drainAll();
        assertThat(sink.sent()).containsExactly("hold", "€\n€€", "é");
    }

    @Test
    void frameBiggerThanTheBatchLimitGoesAlone() {
        OutboundQueue q = queue(BIG, 10);
        String big = "x".repeat(25);
        q.offer(frame("hold"));
        q.offer(frame("a"));
        q.offer(frame(big));
        q.offer(frame("b"));
        q.offer(frame("c"));
        drainAll();
        assertThat(sink.sent()).containsExactly("hold", "a", big, "b\nc");
    }

    @Test
    void exactlyOneSendIsInFlightAtAnyTime() {
        OutboundQueue q = queue(BIG, 8);
        q.offer(frame("0"));
        for (int round = 1; round <= 50; round++) {
            for (int i = 0; i < 7; i++) {
                q.offer(frame(round + "." + i));
                assertThat(sink.pendingCount()).isEqualTo(1);
            }
            sink.complete();
            assertThat(sink.pendingCount()).isEqualTo(1);
        }
        drainAll();
        assertThat(sink.maxInFlight).hasValue(1);
        List<String> lines = lines(sink.sent());
        assertThat(lines).hasSize(1 + 50 * 7).startsWith("0", "1.0", "1.1").endsWith("50.6");
    }

    @Test
    void queuedBytesCountsQueuedAndInFlightFrames() {
        OutboundQueue q = queue(BIG, 65536);
        q.offer(frame("123456"));
        assertThat(q.queuedBytes()).isEqualTo(6);
        q.offer(frame("1234"));
        assertThat(q.queuedBytes()).isEqualTo(10);
        sink.complete();
        assertThat(q.queuedBytes()).isEqualTo(4);
        sink.complete();
        assertThat(q.queuedBytes()).isZero();
    }

    @Test
    void overflowClosesOnceAndDropsQueue() {
        OutboundQueue q = queue(10, 65536);
        assertThat(q.offer(frame("123456"))).isTrue(); // in flight: 6
        assertThat(q.offer(frame("1234"))).isTrue(); // queued: 10, at the limit
        assertThat(listener.overflowed).hasValue(0);

        assertThat(q.offer(frame("x"))).isFalse(); // 11 > 10
        assertThat(listener.overflowed).hasValue(1);

        assertThat(q.offer(frame("y"))).isFalse();
        assertThat(q.offer(frame("z"))).isFalse();
        assertThat(listener.overflowed).hasValue(1);

        // The in-flight send completes; nothing queued is sent after the overflow.
        sink.complete();
        assertThat(sink.sent()).containsExactly("123456");
        assertThat(sink.pendingCount()).isZero();
        assertThat(q.queuedBytes()).isZero();
        assertThat(q.offer(frame("later"))).isFalse();
        assertThat(listener.overflowed).hasValue(1);
        assertThat(listener.drained).hasValue(0);
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void overflowCountsTheInFlightSend() {
        OutboundQueue q = queue(10, 65536);
        q.offer(frame("12345678")); // in flight, nothing queued
        assertThat(q.offer(frame("123"))).isFalse(); // 8 + 3 > 10
        assertThat(listener.overflowed).hasValue(1);
    }

    @Test
    void completedSendsFreeTheirBytes() {
        OutboundQueue q = queue(10, 65536);
        for (int i = 0; i < 100; i++) {
            assertThat(q.offer(frame("12345678"))).isTrue();
            sink.complete();
        }
        assertThat(listener.overflowed).hasValue(0);
    }

    @Test
    void aSingleFrameOverMaxBytesOverflowsAnIdleQueue() {
        OutboundQueue q = queue(10, 65536);
        assertThat(q.offer(frame("x".repeat(11)))).isFalse();
        assertThat(listener.overflowed).hasValue(1);
        assertThat(sink.sent()).isEmpty();
    }

    @Test
    void drainThenStopWhenIdleFiresDrainedAtOnce() {
        OutboundQueue q = queue(BIG, 65536);
        q.drainThenStop();
        assertThat(listener.drained).hasValue(1);
        assertThat(q.offer(frame("late"))).isFalse();
        q.drainThenStop();
        assertThat(listener.drained).hasValue(1);
        assertThat(sink.sent()).isEmpty();
    }

    @Test
    void drainThenStopFiresDrainedOnceAfterInFlightAndQueuedFramesAreSent() {
        OutboundQueue q = queue(BIG, 65536);
        q.offer(frame("a"));
        q.offer(frame("b"));
        q.offer(frame("c"));
        q.drainThenStop();
        assertThat(listener.drained).hasValue(0);
        assertThat(q.offer(frame("refused"))).isFalse();

        sink.complete(); // "a" done; "b\nc" goes out
        assertThat(sink.sent()).containsExactly("a", "b\nc");
        assertThat(listener.drained).hasValue(0);

        sink.complete();
        assertThat(listener.drained).hasValue(1);
        assertThat(sink.sent()).containsExactly("a", "b\nc");
        q.drainThenStop();
        assertThat(q.offer(frame("refused"))).isFalse();
        assertThat(listener.drained).hasValue(1);
        assertThat(listener.overflowed).hasValue(0);
    }

    @Test
    void drainThenStopAfterCloseNeverFiresDrained() {
        OutboundQueue q = queue(BIG, 65536);
        q.offer(frame("a"));
        q.close();
        q.drainThenStop();
        sink.complete();
        assertThat(listener.drained).hasValue(0);
    }

    @Test
    void closeDropsQueuedFramesAndRefusesOffers() {
        OutboundQueue q = queue(BIG, 65536);
        q.offer(frame("a"));
        q.offer(frame("b"));
        q.close();
        assertThat(q.offer(frame("c"))).isFalse();
        sink.complete();
        assertThat(sink.sent()).containsExactly("a");
        assertThat(q.queuedBytes()).isZero();
        assertThat(listener.overflowed).hasValue(0);
    }

    @Test
    void failedSendCallsSendFailedOnceAndStops() {
        OutboundQueue q = queue(BIG, 65536);
        q.offer(frame("a"));
        q.offer(frame("b"));
        RuntimeException cause = new RuntimeException("socket gone");
        sink.fail(cause);
        assertThat(listener.failures).containsExactly(cause);
        assertThat(sink.sent()).containsExactly("a");
        assertThat(sink.pendingCount()).isZero();
        assertThat(q.offer(frame("c"))).isFalse();
        assertThat(q.queuedBytes()).isZero();
        assertThat(listener.failures).hasSize(1);
        assertThat(listener.overflowed).hasValue(0);
        assertThat(listener.drained).hasValue(0);
    }

    @Test
    void failedSendWhileDrainingReportsTheFailureNotDrained() {
        OutboundQueue q = queue(BIG, 65536);
        q.offer(frame("a"));
        q.drainThenStop();
        sink.fail(new IllegalStateException("boom"));
        assertThat(listener.failures).hasSize(1);
        assertThat(listener.drained).hasValue(0);
    }

    @Test
    void listenerIsCalledOutsideTheQueueLock() throws Exception {
        OutboundQueue q = queue(10, 65536);
        AtomicReference<Long> seenFromOtherThread = new AtomicReference<>();
        listener.onEvent = () -> {
            try {
                // Would time out if the calling thread still held the queue's monitor.
                seenFromOtherThread.set(CompletableFuture.supplyAsync(q::queuedBytes).get(5, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        q.offer(frame("12345678"));
        assertThat(q.offer(frame("123"))).isFalse();
        assertThat(seenFromOtherThread.get()).isEqualTo(8L);
    }

    @Test
    @Timeout(60)
    void inlineCompletionOfManySendsDoesNotOverflowTheStack() throws Exception {
        int frames = 10_000;
        CountDownLatch allSent = new CountDownLatch(frames + 1);
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger nesting = new AtomicInteger();
        AtomicInteger maxNesting = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicReference<Consumer<Throwable>> held = new AtomicReference<>();
        ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
        FrameSink inline = new SendOnlySink() {
            volatile boolean completeInline;

            @Override
            public void send(String text, Consumer<Throwable> done) {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                int d = ++depth.get()[0];
                maxNesting.accumulateAndGet(d, Math::max);
                try {
                    sent.add(text);
                    allSent.countDown();
                    if (held.get() == null && !completeInline) {
                        // Hold the first send so the rest queue up behind it.
                        held.set(done);
                        completeInline = true;
                        return;
                    }
                    inFlight.decrementAndGet();
                    done.accept(null);
                } finally {
                    depth.get()[0]--;
                }
            }
        };
        OutboundQueue q = new OutboundQueue(inline, listener, executor(1), BIG, 1);
        q.offer(frame("first"));
        for (int i = 0; i < frames; i++) {
            assertThat(q.offer(frame("x"))).isTrue();
        }
        // The first send runs on the executor (write-behind); wait until it is the one held.
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() != null);
        inFlight.decrementAndGet();
        held.get().accept(null); // every queued frame now completes inside the send that started it

        assertThat(allSent.await(30, TimeUnit.SECONDS)).as("all %d sends happened", frames + 1).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> q.queuedBytes() == 0);
        assertThat(sent).hasSize(frames + 1).first().isEqualTo("first");
        assertThat(sent.subList(1, sent.size())).containsOnly("x");
        assertThat(maxNesting.get()).as("nested sends on one stack").isLessThan(100);
        assertThat(maxInFlight).hasValue(1);
        assertThat(listener.failures).isEmpty();
    }

    @Test
    @Timeout(120)
    void concurrentOffersAreEachDeliveredOnceInPerThreadOrder() throws Exception {
        int threads = 4;
        int perThread = 10_000;
        ExecutorService completer = executor(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger lineCount = new AtomicInteger();
        CountDownLatch allDelivered = new CountDownLatch(1);
        FrameSink async = new SendOnlySink() {
            @Override
            public void send(String text, Consumer<Throwable> done) {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                sent.add(text);
                if (lineCount.addAndGet(text.split("\n", -1).length) == threads * perThread) {
                    allDelivered.countDown();
                }
                completer.execute(() -> {
                    inFlight.decrementAndGet();
                    done.accept(null);
                });
            }
        };
        OutboundQueue q = new OutboundQueue(async, listener, executor(1), BIG, 4096);
        ExecutorService offerers = executor(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(offerers.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    if (!q.offer(frame(thread + ":" + i))) {
                        throw new AssertionError("offer refused");
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(allDelivered.await(60, TimeUnit.SECONDS)).isTrue();

        List<String> lines;
        synchronized (sent) {
            lines = lines(sent);
        }
        assertThat(lines).hasSize(threads * perThread).doesNotHaveDuplicates();
        Map<Integer, Integer> next = new HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.split(":");
            int thread = Integer.parseInt(parts[0]);
            int i = Integer.parseInt(parts[1]);
            if (i != next.getOrDefault(thread, 0)) {
                outOfOrder.add(line);
            }
            next.put(thread, i + 1);
        }
        assertThat(outOfOrder).as("frames out of per-thread order").isEmpty();
        assertThat(next.values()).containsOnly(perThread);
        assertThat(maxInFlight).hasValue(1);
        assertThat(sent).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(4096));
        assertThat(listener.overflowed).hasValue(0);
        assertThat(listener.failures).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> q.queuedBytes() == 0);
    }

    /** Counts what the queue reports, as the server's statistics would. */
    static final class RecordingStats implements SendStats {
        final AtomicInteger framesSent = new AtomicInteger();
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void framesSent(int frames) {
            framesSent.addAndGet(frames);
        }

        @Override
        public void messageWritten(long publishedMillis, long nowMillis) {
            latencies.add(nowMillis - publishedMillis);
        }
    }

    @Test
    void framesCountAsSentWhenTheirSendCompletesCountingEachFrameOfABatch() {
        RecordingStats stats = new RecordingStats();
        OutboundQueue q = new OutboundQueue(sink, listener, Runnable::run, BIG, 65536, stats);
        q.offer(frame("first"));
        q.offer(frame("a"));
        q.offer(frame("b"));
        assertThat(stats.framesSent).hasValue(0);

        sink.complete();
        assertThat(stats.framesSent).hasValue(1);
        sink.complete();
        assertThat(sink.sent()).containsExactly("first", "a\nb");
        assertThat(stats.framesSent).hasValue(3);
    }

    @Test
    void aFailedSendCountsNoFrameAsSent() {
        RecordingStats stats = new RecordingStats();
        OutboundQueue q = new OutboundQueue(sink, listener, Runnable::run, BIG, 65536, stats);
        q.offer(frame("lost"));
        sink.fail(new java.io.IOException("reset"));
        assertThat(stats.framesSent).hasValue(0);
    }

    @Test
    void latencyIsTakenForLiveChannelMessagesOnlyAsTheyAreHandedToTheSocket() {
        RecordingStats stats = new RecordingStats();
        OutboundQueue q = new OutboundQueue(sink, listener, Runnable::run, BIG, 65536, stats);
        long published = System.currentTimeMillis() - 40;
        q.offer(frame("{\"type\":\"ack\"}"));
        q.offer(OutboundFrame.message("{\"type\":\"message\",\"seq\":1}", published));
        q.offer(OutboundFrame.message("{\"type\":\"message\",\"seq\":2}", published));
        assertThat(stats.latencies).isEmpty();

        sink.complete();
        assertThat(stats.latencies).hasSize(2).allSatisfy(ms -> assertThat(ms).isBetween(40L, 40L + 10_000L));
    }

    private void drainAll() {
        while (sink.pendingCount() > 0) {
            sink.complete();
        }
    }

    private static List<String> lines(List<String> sends) {
        List<String> lines = new ArrayList<>();
        for (String s : sends) {
            lines.addAll(Arrays.asList(s.split("\n", -1)));
        }
        return lines;
    }
}
