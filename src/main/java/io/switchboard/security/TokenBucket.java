package io.switchboard.security;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, holding at most {@code burst}, starting
 * full. Shared by every connection of one identity, so it takes no lock: it keeps one number, the
 * time at which the bucket will be full again (the generic cell rate algorithm), and a take is one
 * compare-and-set of it.
 */
public final class TokenBucket {

    private final long intervalNanos;
    private final long toleranceNanos;
    // When the bucket is full again; at or before now, it is full. Each token taken adds an interval.
    private final AtomicLong fullAt;

    public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        this.intervalNanos = Math.max(1, Math.round(1e9 / ratePerSecond));
        this.toleranceNanos = Math.round((burst - 1) * 1e9 / ratePerSecond);
        this.fullAt = new AtomicLong(nowNanos);
    }

    public boolean tryTake(long nowNanos) {
        while (true) {
            long current = fullAt.get();
            long from = current - nowNanos > 0 ? current : nowNanos;
            // At least one token is left while the bucket is at most burst - 1 tokens short of full.
            if (from - nowNanos > toleranceNanos) {
                return false;
            }
            if (fullAt.compareAndSet(current, from + intervalNanos)) {
                return true;
            }
        }
    }

    /** Whether the bucket is full, so forgetting it and starting a new one changes nothing. */
    boolean isFull(long nowNanos) {
        return fullAt.get() - nowNanos <= 0;
    }
}
