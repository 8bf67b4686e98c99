package io.switchboard.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/** Latencies in microseconds, log-linear buckets (about 12% resolution), lock-free. */
final class Histogram {

    private static final int LINEAR = 16;
    private static final int SUB = 8;
    private final AtomicLongArray counts = new AtomicLongArray(LINEAR + 64 * SUB);

    void recordNanos(long nanos) {
        counts.incrementAndGet(index(Math.max(0, nanos / 1000)));
    }

    private static int index(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(micros);
        int shift = magnitude - 3;
        int top = (int) (micros >>> shift);
        return LINEAR + (magnitude - 4) * SUB + (top - SUB);
    }

    private static long lowerBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int magnitude = (index - LINEAR) / SUB + 4;
        int top = (index - LINEAR) % SUB + SUB;
        return (long) top << (magnitude - 3);
    }

    long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The q-quantile (0..1) in microseconds, or -1 when empty. */
    long quantileMicros(double q) {
        long total = count();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank && counts.get(i) > 0) {
                return lowerBound(i);
            }
        }
        return lowerBound(counts.length() - 1);
    }
}
