package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final long MINUTE = 60_000_000_000L;

    @Test
    void fiveFailuresWithinTheWindowLockThatUserAndAddressOnly() {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), 1000);
        for (int i = 0; i < 4; i++) {
            throttle.failed("bob", "10.0.0.1", i * MINUTE);
            assertThat(throttle.retryAfter("bob", "10.0.0.1", i * MINUTE)).isEmpty();
        }
        throttle.failed("bob", "10.0.0.1", 4 * MINUTE);
        assertThat(throttle.retryAfter("bob", "10.0.0.1", 5 * MINUTE)).hasValue(Duration.ofMinutes(10));
        assertThat(throttle.retryAfter("bob", "10.0.0.2", 5 * MINUTE)).isEmpty();
        assertThat(throttle.retryAfter("alice", "10.0.0.1", 5 * MINUTE)).isEmpty();
        assertThat(throttle.retryAfter("bob", "10.0.0.1", 15 * MINUTE + 1)).isEmpty();
    }

    @Test
    void successForgetsFailures() {
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofMinutes(15), 1000);
        throttle.failed("bob", "a", 0);
        throttle.succeeded("bob", "a");
        throttle.failed("bob", "a", 1);
        assertThat(throttle.retryAfter("bob", "a", 2)).isEmpty();
    }

    @Test
    void tracksABoundedNumberOfPairs() {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), 100);
        for (int i = 0; i < 10_000; i++) {
            throttle.failed("user" + i, "a", i);
        }
        // Nothing to assert on the map directly; a locked pair must still be lockable after the churn.
        for (int i = 0; i < 5; i++) {
            throttle.failed("target", "a", 20_000 + i);
        }
        assertThat(throttle.retryAfter("target", "a", 20_010)).isPresent();
    }
}
