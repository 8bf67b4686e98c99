package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.BatchCommitted;
import io.switchboard.cluster.Broadcast;
import io.switchboard.cluster.ChannelReset;
import io.switchboard.cluster.ClusterBus;
import io.switchboard.cluster.Disconnect;
import io.switchboard.cluster.MessageDeleted;
import io.switchboard.cluster.PresenceChanged;
import io.switchboard.config.ChannelPolicy;
import io.switchboard.config.ChannelSettings;
import io.switchboard.config.PrefixTable;
import io.switchboard.testing.TestBeans;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the writer announces on the bus: one batch per commit, its messages in seq order. */
class GroupCommitWriterTest {

    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final GroupCommitWriter writer = new GroupCommitWriter();
    private final List<BatchCommitted> announced = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    // The writer's thread, run by the test one task at a time.
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private int drained;
    private PublishQueue queue;

    @BeforeEach
    void setUp() {
        PrefixTable<ChannelPolicy> policies = ChannelPolicy.table("*:durable=true");
        ChannelSettings settings = new ChannelSettings() {
            @Override
            public ChannelPolicy policy(String channel) {
                return policies.lookup(channel);
            }

            @Override
            public Duration dedupWindow() {
                return Duration.ofMinutes(10);
            }

            @Override
            public int publishMaxPending() {
                return 4;
            }

            @Override
            public int publishMaxBatch() {
                return 3;
            }

            @Override
            public int publishBatchesPerTurn() {
                return 1;
            }
        };
        WriterPool pool = new WriterPool() {
            @Override
            public void execute(Runnable write) {
                tasks.add(write);
            }
        };
        TestBeans.wire(writer, store, new ChannelRows(), settings, pool, recordingBus());
        queue = new PublishQueue("c", true, () -> drained++);
    }

    private ClusterBus recordingBus() {
        return new ClusterBus() {
            @Override
            public void committed(BatchCommitted batch) {
                announced.add(batch);
                events.add("committed " + batch.lastSeq());
            }

            @Override
            public void deleted(MessageDeleted deleted) {
            }

            @Override
            public void reset(ChannelReset reset) {
            }

            @Override
            public void broadcast(Broadcast broadcast) {
            }

            @Override
            public void presence(PresenceChanged change) {
            }

            @Override
            public int disconnect(Disconnect disconnect) {
                return 0;
            }
        };
    }

    private GroupCommitWriter.Offer offer(String data, String id) {
        return writer.offer(queue, new Publish("alice", id, data, outcome -> events.add("done " + data + " " + outcome)));
    }

    @Test
    void aBatchIsAnnouncedOnceWithItsNewMessagesInSeqOrderBeforeAnyPublisherHears() {
        offer("1", "m1");
        tasks.poll().run();
        events.clear();
        announced.clear();

        assertThat(offer("2", "m2")).isEqualTo(GroupCommitWriter.Offer.QUEUED);
        assertThat(offer("1", "m1")).isEqualTo(GroupCommitWriter.Offer.QUEUED); // a resend
        assertThat(offer("3", null)).isEqualTo(GroupCommitWriter.Offer.QUEUED);
        assertThat(tasks).as("one writer task for the channel").hasSize(1);
        tasks.poll().run();

        assertThat(announced).singleElement().satisfies(batch -> {
            assertThat(batch.channel()).isEqualTo("c");
            assertThat(batch.lastSeq()).isEqualTo(3);
            assertThat(batch.epoch()).isEqualTo(store.state("c").epoch());
            assertThat(batch.messages()).extracting(BatchCommitted.Message::seq).containsExactly(2L, 3L);
            assertThat(batch.messages()).extracting(BatchCommitted.Message::data).containsExactly("2", "3");
        });
        assertThat(events.get(0)).isEqualTo("committed 3");
        assertThat(events.subList(1, 4)).allSatisfy(e -> assertThat(e).startsWith("done "));
        assertThat(events.get(2)).contains("seq=1").contains("duplicate=true");
        assertThat(drained).isEqualTo(2);
    }

    @Test
    void aFullQueueRefusesAndARetiredOneSendsThePublisherBack() {
        for (int i = 1; i <= 4; i++) {
            assertThat(offer(String.valueOf(i), "m" + i)).isEqualTo(GroupCommitWriter.Offer.QUEUED);
        }
        assertThat(offer("5", "m5")).isEqualTo(GroupCommitWriter.Offer.FULL);
        assertThat(queue.retireIfIdle()).as("publishes wait").isFalse();

        // A turn is one batch of three; the fourth waits for the next turn.
        tasks.poll().run();
        assertThat(announced).hasSize(1);
        assertThat(tasks).hasSize(1);
        tasks.poll().run();
        assertThat(announced).extracting(BatchCommitted::lastSeq).containsExactly(3L, 4L);

        assertThat(queue.retireIfIdle()).isTrue();
        assertThat(offer("6", "m6")).isEqualTo(GroupCommitWriter.Offer.RETIRED);
        assertThat(tasks).isEmpty();
    }

    @Test
    void aBatchTheDatabaseCannotStoreIsNotAnnounced() {
        store.failing = true;
        offer("1", "m1");
        tasks.poll().run();

        assertThat(announced).isEmpty();
        assertThat(events).singleElement().satisfies(e -> assertThat(e).contains("Unavailable"));
    }
}
