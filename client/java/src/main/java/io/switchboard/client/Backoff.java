package io.switchboard.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays with exponential backoff and full jitter: attempt {@code n} waits a random time
 * in [0, min(cap, base × 2^n)), so clients dropped together (a restart) do not come back together.
 */
final class Backoff {

    private final long baseMillis;
    private final long capMillis;
    private final DoubleSupplier random;

    Backoff(Duration base, Duration cap, DoubleSupplier random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base " + base + ", cap " + cap);
        }
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    /** The exclusive upper bound of attempt {@code attempt}'s delay (from 0). */
    Duration bound(int attempt) {
        // base × 2^attempt without overflow: past 62 doublings the cap has long been reached
        int shift = Math.min(Math.max(attempt, 0), 62);
        long bound = baseMillis > (capMillis >> shift) ? capMillis : Math.min(capMillis, baseMillis << shift);
        return Duration.ofMillis(bound);
    }

    Duration delay(int attempt) {
        long bound = bound(attempt).toMillis();
        long delay = (long) Math.floor(random.getAsDouble() * bound);
        return Duration.ofMillis(Math.min(Math.max(delay, 0), Math.max(bound - 1, 0)));
    }
}
