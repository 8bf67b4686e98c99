package io.switchboard.client;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops hammering a server that keeps refusing: after {@code threshold} consecutive failed
 * connection attempts it opens and allows none for {@code coolDown}; then it is half-open and
 * allows one trial, whose success closes it and whose failure opens it again. Not thread-safe:
 * its owner guards it.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long coolDownNanos;
    private final LongSupplier nanoClock;
    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private boolean trialInFlight;

    /** @param threshold failures in a row that open the breaker; 0 turns it off */
    CircuitBreaker(int threshold, Duration coolDown, LongSupplier nanoClock) {
        if (threshold < 0 || coolDown.isNegative()) {
            throw new IllegalArgumentException("circuit breaker needs threshold >= 0 and a cool-down >= 0");
        }
        this.threshold = threshold;
        this.coolDownNanos = coolDown.toNanos();
        this.nanoClock = nanoClock;
    }

    State state() {
        if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= coolDownNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** Whether an attempt may start now; in the half-open state only the first caller gets the trial. */
    boolean tryAcquire() {
        switch (state()) {
            case CLOSED:
                return true;
            case HALF_OPEN:
                if (trialInFlight) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            default:
                return false;
        }
    }

    /** How long until an attempt is allowed again (zero unless open). */
    Duration untilTrial() {
        if (state() != State.OPEN) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, coolDownNanos - (nanoClock.getAsLong() - openedAt)));
    }

    void success() {
        state = State.CLOSED;
        failures = 0;
        trialInFlight = false;
    }

    void failure() {
        trialInFlight = false;
        if (state == State.HALF_OPEN) {
            open();
            return;
        }
        failures++;
        if (threshold > 0 && failures >= threshold) {
            open();
        }
    }

    int failures() {
        return failures;
    }

    private void open() {
        state = State.OPEN;
        openedAt = nanoClock.getAsLong();
    }
}
