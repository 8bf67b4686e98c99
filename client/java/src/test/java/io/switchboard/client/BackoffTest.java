package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration BASE = Duration.ofMillis(500);
    private static final Duration CAP = Duration.ofSeconds(30);

    @Test
    void boundDoublesFromBaseUpToCap() {
        Backoff backoff = new Backoff(BASE, CAP, () -> 0.5);
        assertThat(backoff.bound(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.bound(1)).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.bound(5)).isEqualTo(Duration.ofMillis(16_000));
        assertThat(backoff.bound(6)).isEqualTo(CAP);
        assertThat(backoff.bound(1_000)).isEqualTo(CAP);
        assertThat(backoff.bound(Integer.MAX_VALUE)).isEqualTo(CAP);
    }

    @Test
    void delayIsFullJitterBelowTheBound() {
        Random random = new Random(42);
        Backoff backoff = new Backoff(BASE, CAP, random::nextDouble);
        for (int attempt = 0; attempt < 40; attempt++) {
            long bound = backoff.bound(attempt).toMillis();
            long smallest = Long.MAX_VALUE;
            long largest = 0;
            for (int i = 0; i < 2_000; i++) {
                long delay = backoff.delay(attempt).toMillis();
                assertThat(delay).isBetween(0L, bound - 1);
                smallest = Math.min(smallest, delay);
                largest = Math.max(largest, delay);
            }
            // full jitter: spread over the whole range, not clustered near the bound
            assertThat(smallest).isLessThan(bound / 10);
            assertThat(largest).isGreaterThan(bound * 9 / 10);
        }
    }

    @Test
    void extremesOfTheRandomStayInRange() {
        assertThat(new Backoff(BASE, CAP, () -> 0.0).delay(3)).isEqualTo(Duration.ZERO);
        assertThat(new Backoff(BASE, CAP, () -> Math.nextDown(1.0)).delay(3)).isEqualTo(Duration.ofMillis(3_999));
        assertThat(new Backoff(BASE, CAP, () -> 1.0).delay(3)).isEqualTo(Duration.ofMillis(3_999));
    }

    @Test
    void refusesACapBelowTheBase() {
        assertThatThrownBy(() -> new Backoff(CAP, BASE, () -> 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, CAP, () -> 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
