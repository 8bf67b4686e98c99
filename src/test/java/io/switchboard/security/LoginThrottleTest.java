package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final long MINUTE = 60_000_000_000L;

    @Test
    void fiveAttemptsWithinTheWindowLockThatUserAndAddressOnly() {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), 1000);
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.reserve("bob", "10.0.0.1", i * MINUTE)).as("attempt " + (i + 1)).isEmpty();
        }
        assertThat(throttle.reserve("bob", "10.0.0.1", 5 * MINUTE)).hasValue(Duration.ofMinutes(10));
        assertThat(throttle.reserve("bob", "10.0.0.2", 5 * MINUTE)).isEmpty();
        assertThat(throttle.reserve("alice", "10.0.0.1", 5 * MINUTE)).isEmpty();
        assertThat(throttle.reserve("bob", "10.0.0.1", 15 * MINUTE + 1)).isEmpty();
    }

    @Test
    void aRefusedAttemptIsNotCounted() {
        LoginThrottle throttle = new LoginThrottle(1, Duration.ofMinutes(15), 1000);
        assertThat(throttle.reserve("bob", "a", 0)).isEmpty();
        for (int i = 1; i < 100; i++) {
            assertThat(throttle.reserve("bob", "a", i * MINUTE / 10)).isPresent();
        }
        assertThat(throttle.reserve("bob", "a", 15 * MINUTE + 1)).isEmpty();
    }

    @Test
    void successForgetsTheAttempts() {
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofMinutes(15), 1000);
        throttle.reserve("bob", "a", 0);
        throttle.reserve("bob", "a", 1);
        throttle.succeeded("bob", "a");
        assertThat(throttle.reserve("bob", "a", 2)).isEmpty();
        assertThat(throttle.reserve("bob", "a", 3)).isEmpty();
        assertThat(throttle.reserve("bob", "a", 4)).isPresent();
    }

    @Test
    void parallelAttemptsGetExactlyTheAllowedNumberOfTries() throws Exception {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), 1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Callable<Boolean> attempt = () -> {
                    start.await();
                    return throttle.reserve("bob", "a", System.nanoTime()).isEmpty();
                };
                tries.add(pool.submit(attempt));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Boolean> t : tries) {
                allowed += t.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tracksABoundedNumberOfPairs() {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), 100);
        for (int i = 0; i < 10_000; i++) {
            throttle.reserve("user" + i, "a", i);
        }
        // Nothing to assert on the map directly; a locked pair must still be lockable after the churn.
        for (int i = 0; i < 5; i++) {
            throttle.reserve("target", "a", 20_000 + i);
        }
        assertThat(throttle.reserve("target", "a", 20_010)).isPresent();
    }
}
