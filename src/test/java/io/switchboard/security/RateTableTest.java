package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateTableTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void eachKeyHasItsOwnBucketSharedByAllItsUsers() {
        RateTable table = new RateTable(1, 2, 100);
        TokenBucket firstConnection = table.bucket("alice", 0);
        TokenBucket secondConnection = table.bucket("alice", 0);

        assertThat(firstConnection.tryTake(0)).isTrue();
        assertThat(secondConnection.tryTake(0)).isTrue();
        assertThat(table.tryTake("alice", 0)).isFalse();
        assertThat(table.tryTake("bob", 0)).isTrue();
        assertThat(table.tryTake("alice", SECOND)).isTrue();
    }

    @Test
    void staysWithinItsBoundForgettingFullBucketsFirst() {
        RateTable table = new RateTable(1, 1, 10);
        assertThat(table.tryTake("busy", 0)).isTrue();
        for (int i = 0; i < 1000; i++) {
            table.tryTake("k" + i, 0);
        }
        assertThat(table.size()).isLessThanOrEqualTo(10);

        RateTable idle = new RateTable(1, 1, 3);
        idle.tryTake("spent", 0);
        idle.bucket("full-1", 0);
        idle.bucket("full-2", 0);
        idle.bucket("new", 0);
        assertThat(idle.tryTake("spent", 0)).as("an empty bucket outlives full ones").isFalse();
    }
}
