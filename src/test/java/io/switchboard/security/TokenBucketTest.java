package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void startsFullGivesTheBurstThenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(5, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake(0)).as("token " + (i + 1)).isTrue();
        }
        assertThat(bucket.tryTake(0)).isFalse();
        assertThat(bucket.tryTake(SECOND / 5 - 1)).isFalse();
        assertThat(bucket.tryTake(SECOND / 5)).isTrue();
        assertThat(bucket.tryTake(SECOND / 5)).isFalse();
        assertThat(bucket.isFull(SECOND / 5)).isFalse();
        assertThat(bucket.isFull(2 * SECOND)).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake(10 * SECOND)).as("a long pause refills only up to the burst").isTrue();
        }
        assertThat(bucket.tryTake(10 * SECOND)).isFalse();
    }

    @Test
    void fractionalRatesRefillSlowly() {
        TokenBucket bucket = new TokenBucket(0.1, 2, 0);
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(9 * SECOND)).isFalse();
        assertThat(bucket.tryTake(10 * SECOND)).isTrue();
    }

    @Test
    void threadsSharingABucketGetExactlyItsTokens() throws Exception {
        TokenBucket bucket = new TokenBucket(1, 1000, 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> takers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                takers.add(pool.submit(() -> {
                    start.await();
                    int taken = 0;
                    for (int i = 0; i < 10_000; i++) {
                        taken += bucket.tryTake(0) ? 1 : 0;
                    }
                    return taken;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : takers) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(1000);
        } finally {
            pool.shutdownNow();
        }
    }
}
