package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.ChannelPolicy;
import io.switchboard.config.ChannelSettings;
import io.switchboard.config.PrefixTable;
import io.switchboard.testing.LogCapture;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RetentionJobTest {

    private static final int BATCH = 100;

    private final InMemoryMessageStore store = new InMemoryMessageStore();

    private RetentionJob job(String policies) {
        PrefixTable<ChannelPolicy> table = ChannelPolicy.table(policies);
        RetentionJob job = new RetentionJob();
        job.store = store;
        job.settings = new ChannelSettings() {
            @Override
            public ChannelPolicy policy(String channel) {
                return table.lookup(channel);
            }

            @Override
            public List<PrefixTable.Scope<ChannelPolicy>> policyScopes() {
                return table.scopes();
            }

            @Override
            public int retentionBatchSize() {
                return BATCH;
            }
        };
        return job;
    }

    private void publish(String channel, int count, long ts) {
        for (long seq = 1; seq <= count; seq++) {
            store.put(channel, seq, ts);
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void retentionPrunesInBoundedSetBasedStatements() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 300; i++) {
            publish("keep." + i, 12, now);
        }
        for (int i = 0; i < 50; i++) {
            publish("tmp." + i, 3, now); // stored before the prefix became ephemeral
        }
        for (int i = 0; i < 20; i++) {
            publish("keep.more." + i, 12, now);
            publish("other." + i, 12, now);
        }

        job("tmp.*:durable=false;keep.*:max-messages=10;keep.more.*:max-messages=1000;*:max-messages=1000").prune();

        // 300 x 2 + 50 x 3 deleted over 370 channels: a statement per batch and per policy entry, not per channel.
        int deleted = 300 * 2 + 50 * 3;
        assertThat(store.pruneCalls).hasSizeLessThanOrEqualTo(4 + deleted / BATCH)
                .allSatisfy(call -> assertThat(call.limit()).isEqualTo(BATCH))
                .allSatisfy(call -> assertThat(call.deleted()).isLessThanOrEqualTo(BATCH));
        assertThat(store.pruneCalls.stream().mapToInt(InMemoryMessageStore.PruneCall::deleted).sum()).isEqualTo(deleted);
        for (int i = 0; i < 300; i++) {
            assertThat(store.seqs("keep." + i)).isEqualTo(range(3, 12));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(store.seqs("tmp." + i)).isEmpty();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(store.seqs("keep.more." + i)).isEqualTo(range(1, 12));
            assertThat(store.seqs("other." + i)).isEqualTo(range(1, 12));
        }
    }

    @Test
    void retentionDeletesMessagesOlderThanMaxAgeAndKeepsTheRest() {
        long now = System.currentTimeMillis();
        long twoHoursAgo = now - 2 * 3_600_000;
        for (long seq = 1; seq <= 4; seq++) {
            store.put("c", seq, twoHoursAgo);
        }
        for (long seq = 5; seq <= 6; seq++) {
            store.put("c", seq, now);
        }

        job("*:max-age=1h").prune();

        assertThat(store.seqs("c")).containsExactly(5L, 6L);
    }

    @Test
    void aRunCaughtByTheApplicationsStopEndsQuietlyAtItsNextBatch() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            publish("keep." + i, 3 * BATCH, now);
        }
        RetentionJob job = job("*:max-messages=10");
        store.failing = false;
        List<LogRecord> warnings = warnings(() -> {
            job.stop();
            job.prune();
        });
        assertThat(store.pruneCalls).as("no batch after the stop").isEmpty();
        assertThat(warnings).isEmpty();

        RetentionJob closing = job("*:max-messages=10");
        store.failing = true;
        warnings = warnings(() -> {
            closing.stop();
            closing.prune();
        });
        assertThat(warnings).as("a store closed under a stopping run").isEmpty();

        RetentionJob running = job("*:max-messages=10");
        warnings = warnings(running::prune);
        assertThat(warnings).extracting(LogRecord::getMessage).containsExactly("retention run failed; trying again next time");
    }

    private static List<LogRecord> warnings(Runnable action) {
        return LogCapture.records(RetentionJob.class, action).stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }
}
