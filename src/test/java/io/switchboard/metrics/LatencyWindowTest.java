package io.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyWindowTest {

    private static final long T0 = 1_800_000_000_000L;

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 3, 4, 5, 7, 8, 100, 999, 1000, 12_345, 1_000_000, 60_000_000, 1L << 36})
    void everyValueFallsInABucketThatHoldsIt(long micros) {
        int bucket = LatencyWindow.bucket(micros);
        assertThat(LatencyWindow.lowerBound(bucket)).isLessThanOrEqualTo(micros);
        assertThat(LatencyWindow.lowerBound(bucket + 1)).isGreaterThan(micros);
    }

    @Test
    void bucketsAreWithinAQuarterOfTheirValue() {
        for (int b = 8; b < LatencyWindow.BUCKETS - 1; b++) {
            double low = LatencyWindow.lowerBound(b);
            double high = LatencyWindow.lowerBound(b + 1);
            assertThat(high / low).as("bucket " + b).isLessThanOrEqualTo(1.25);
        }
    }

    @Test
    void valuesBeyondTheLastBucketAndNegativeOnesAreClamped() {
        assertThat(LatencyWindow.bucket(Long.MAX_VALUE)).isEqualTo(LatencyWindow.BUCKETS - 1);
        assertThat(LatencyWindow.bucket(-5)).isZero();
    }

    @Test
    void percentilesOfTheRecentWindow() {
        LatencyWindow window = new LatencyWindow(10, 1000);
        for (int i = 0; i < 98; i++) {
            window.record(T0, 10_000); // 10 ms
        }
        window.record(T0 + 500, 900_000); // 900 ms
        window.record(T0 + 900, 900_000);
        long[] recent = window.recent(T0 + 1000);
        assertThat(LatencyWindow.quantileSeconds(recent, 0.5)).isCloseTo(0.010, within(0.002));
        assertThat(LatencyWindow.quantileSeconds(recent, 0.99)).isCloseTo(0.9, within(0.15));
    }

    @Test
    void samplesOlderThanTheWindowAreForgotten() {
        LatencyWindow window = new LatencyWindow(10, 1000);
        window.record(T0, 500_000);
        window.record(T0 + 9_000, 2_000);
        assertThat(LatencyWindow.quantileSeconds(window.recent(T0 + 9_500), 0.99)).isCloseTo(0.5, within(0.1));
        // ten seconds on, the first slice has left the window
        assertThat(LatencyWindow.quantileSeconds(window.recent(T0 + 10_000), 0.99)).isCloseTo(0.002, within(0.001));
        // and its slot is reused, cleared, by a later second
        window.record(T0 + 10_000, 3_000);
        long[] recent = window.recent(T0 + 10_000);
        assertThat(java.util.Arrays.stream(recent).sum()).isEqualTo(2);
        assertThat(recent[LatencyWindow.bucket(500_000)]).isZero();
    }

    @Test
    void noSamplesMeansZero() {
        assertThat(LatencyWindow.quantileSeconds(new LatencyWindow(10, 1000).recent(T0), 0.99)).isZero();
    }
}
