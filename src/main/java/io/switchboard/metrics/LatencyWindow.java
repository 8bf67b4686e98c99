package io.switchboard.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publish-to-delivery latencies of the last few seconds, as counts in fixed logarithmic buckets
 * (four per doubling of microseconds, so a percentile is within about 19 % of the truth). The
 * window is a ring of one-second slices; recording is one adder increment and allocates nothing
 * (adders spread their cells under contention, so send threads do not fight over one cache line).
 * A slice is cleared by the first recorder of a new second, so a handful of samples racing that
 * moment may land in the cleared slice or be lost: acceptable for a monitoring figure.
 */
final class LatencyWindow {

    /** 0-3 µs one bucket each, then four per power of two up to 2^BUCKET_POWERS µs (~275 s); beyond lands in the last. */
    private static final int SUB_BITS = 2;
    private static final int SUBS = 1 << SUB_BITS;
    private static final int BUCKET_POWERS = 38;
    static final int BUCKETS = BUCKET_POWERS * SUBS;

    private final int slices;
    private final long sliceMillis;
    private final LongAdder[] counts;
    private final AtomicLong[] sliceStart;

    LatencyWindow(int slices, long sliceMillis) {
        this.slices = slices;
        this.sliceMillis = sliceMillis;
        this.counts = new LongAdder[slices * BUCKETS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
        this.sliceStart = new AtomicLong[slices];
        for (int i = 0; i < slices; i++) {
            sliceStart[i] = new AtomicLong(Long.MIN_VALUE);
        }
    }

    /** Records one latency; negative values (clock skew between instances) count as zero. */
    void record(long nowMillis, long latencyMicros) {
        long period = Math.floorDiv(nowMillis, sliceMillis);
        int slice = (int) Math.floorMod(period, slices);
        long start = period * sliceMillis;
        AtomicLong tag = sliceStart[slice];
        long seen = tag.get();
        if (seen < start && tag.compareAndSet(seen, start)) {
            int base = slice * BUCKETS;
            for (int i = 0; i < BUCKETS; i++) {
                counts[base + i].reset();
            }
        }
        counts[slice * BUCKETS + bucket(latencyMicros)].increment();
    }

    /** The bucket holding {@code micros}: its power of two and the next two bits below the top one. */
    static int bucket(long micros) {
        if (micros < SUBS) {
            return (int) Math.max(micros, 0);
        }
        int power = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) ((micros >>> (power - SUB_BITS)) & (SUBS - 1));
        return Math.min((power - 1) * SUBS + sub, BUCKETS - 1);
    }

    /** The smallest value a bucket holds, in microseconds. */
    static long lowerBound(int bucket) {
        if (bucket < SUBS) {
            return bucket;
        }
        int power = bucket / SUBS + 1;
        int sub = bucket % SUBS;
        return (1L << power) + ((long) sub << (power - SUB_BITS));
    }

    /** The counts of the slices that started within the window ending at {@code nowMillis}, summed per bucket. */
    long[] recent(long nowMillis) {
        long oldest = (Math.floorDiv(nowMillis, sliceMillis) - slices + 1) * sliceMillis;
        long[] sum = new long[BUCKETS];
        for (int s = 0; s < slices; s++) {
            if (sliceStart[s].get() < oldest) {
                continue;
            }
            int base = s * BUCKETS;
            for (int i = 0; i < BUCKETS; i++) {
                sum[i] += counts[base + i].sum();
            }
        }
        return sum;
    }

    /**
     * The {@code q} quantile (0..1) of the given bucket counts in seconds, the middle of the bucket
     * it falls in; 0 when there is no sample.
     */
    static double quantileSeconds(long[] buckets, double q) {
        long total = 0;
        for (long n : buckets) {
            total += n;
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                long low = lowerBound(i);
                long high = i + 1 < BUCKETS ? lowerBound(i + 1) : low;
                return (low + high) / 2.0 / 1_000_000.0;
            }
        }
        return 0;
    }
}
