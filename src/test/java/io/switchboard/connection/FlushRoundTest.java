package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FlushRoundTest {

    /** Completes every send at once and keeps what it sent. */
    static final class SentSink extends OutboundQueueTest.SendOnlySink {
        final List<String> sent = new ArrayList<>();

        @Override
        void send(String text, Consumer<Throwable> done) {
            sent.add(text);
            done.accept(null);
        }
    }

    static final class NoEvents implements OutboundQueue.Listener {
        @Override
        public void overflowed() {
        }

        @Override
        public void drained() {
        }

        @Override
        public void sendFailed(Throwable cause) {
        }
    }

    private final List<Runnable> tasks = new ArrayList<>();

    private OutboundQueue queue(SentSink sink) {
        return new OutboundQueue(sink, new NoEvents(), tasks::add, 1 << 20, 65536);
    }

    @Test
    void aRoundSendsNothingUntilStartedThenEachQueueOnceInAFewTasks() {
        FlushRound round = new FlushRound(tasks::add, 2);
        List<SentSink> sinks = new ArrayList<>();
        List<OutboundQueue> queues = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            SentSink sink = new SentSink();
            sinks.add(sink);
            queues.add(queue(sink));
        }
        OutboundFrame first = OutboundFrame.of("{\"seq\":1}");
        OutboundFrame second = OutboundFrame.of("{\"seq\":2}");
        for (OutboundQueue q : queues) {
            assertThat(q.offer(first, round)).isTrue();
        }
        for (OutboundQueue q : queues) {
            assertThat(q.offer(second, round)).isTrue();
        }
        assertThat(tasks).as("nothing handed to the send threads before the round starts").isEmpty();
        assertThat(sinks).allSatisfy(s -> assertThat(s.sent).isEmpty());

        round.start();

        assertThat(tasks).as("one task per send thread, not one per connection").hasSize(2);
        tasks.forEach(Runnable::run);
        assertThat(sinks).allSatisfy(s -> assertThat(s.sent)
                .as("both frames, in order, joined into one send").containsExactly("{\"seq\":1}\n{\"seq\":2}"));
    }

    @Test
    void aSmallRoundIsOneTaskAndAnEmptyOneNone() {
        FlushRound round = new FlushRound(tasks::add, 4);
        round.start();
        assertThat(tasks).isEmpty();

        SentSink sink = new SentSink();
        OutboundQueue busy = queue(sink);
        // A queue with a send already in flight takes the frame without joining the round.
        busy.offer(OutboundFrame.of("in flight"));
        assertThat(tasks).hasSize(1);
        for (int i = 0; i < 10; i++) {
            queue(new SentSink()).offer(OutboundFrame.of("x"), round);
        }
        busy.offer(OutboundFrame.of("later"), round);
        round.start();

        assertThat(tasks).as("the earlier flush and one task for the round's ten").hasSize(2);
        tasks.forEach(Runnable::run);
        assertThat(sink.sent).as("the send waiting for its thread takes the round's frame too")
                .containsExactly("in flight\nlater");
    }

    @Test
    void aRoundMayBeFilledAndStartedAgain() {
        FlushRound round = new FlushRound(tasks::add, 2);
        SentSink sink = new SentSink();
        OutboundQueue q = queue(sink);

        q.offer(OutboundFrame.of("a"), round);
        round.start();
        tasks.forEach(Runnable::run);
        tasks.clear();
        q.offer(OutboundFrame.of("b"), round);
        round.start();
        tasks.forEach(Runnable::run);

        assertThat(sink.sent).containsExactly("a", "b");
    }
}
