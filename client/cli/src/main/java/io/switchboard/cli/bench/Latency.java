package io.switchboard.cli.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.AtomicHistogram;

/**
 * Latencies in microseconds, recorded from any thread without locks, to three significant digits
 * up to an hour (longer ones count as an hour: no run lasts that long).
 */
final class Latency {

    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private final AtomicHistogram histogram = new AtomicHistogram(1, HIGHEST_MICROS, 3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000)));
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** The q-quantile (0..1) in microseconds, or -1 when nothing was recorded. */
    long quantileMicros(double q) {
        return count() == 0 ? -1 : histogram.getValueAtPercentile(q * 100);
    }

    /** The largest latency in microseconds, or -1 when nothing was recorded. */
    long maxMicros() {
        return count() == 0 ? -1 : histogram.getMaxValue();
    }
}
