package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.CircuitBreaker.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private long now = 1_000_000_000L;
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), () -> now);

    private void advance(Duration d) {
        now += d.toNanos();
    }

    @Test
    void staysClosedBelowTheThreshold() {
        breaker.failure();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.untilTrial()).isZero();
    }

    @Test
    void aSuccessStartsTheCountOver() {
        breaker.failure();
        breaker.failure();
        breaker.success();
        breaker.failure();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.failures()).isEqualTo(2);
    }

    @Test
    void opensAfterThresholdFailuresInARowAndRefusesUntilTheCoolDownEnds() {
        failThreeTimes();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.untilTrial()).isEqualTo(Duration.ofSeconds(10));
        advance(Duration.ofSeconds(4));
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.untilTrial()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void halfOpenAfterTheCoolDownAllowsOneTrial() {
        failThreeTimes();
        advance(Duration.ofSeconds(10));
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).as("a second attempt while the trial runs").isFalse();
    }

    @Test
    void aSuccessfulTrialCloses() {
        failThreeTimes();
        advance(Duration.ofSeconds(11));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.success();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aFailedTrialOpensForAnotherCoolDown() {
        failThreeTimes();
        advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.untilTrial()).isEqualTo(Duration.ofSeconds(10));
        advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void thresholdZeroNeverOpens() {
        CircuitBreaker off = new CircuitBreaker(0, Duration.ofSeconds(10), () -> now);
        for (int i = 0; i < 1_000; i++) {
            off.failure();
        }
        assertThat(off.state()).isEqualTo(State.CLOSED);
        assertThat(off.tryAcquire()).isTrue();
    }

    private void failThreeTimes() {
        for (int i = 0; i < 3; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.failure();
        }
    }
}
