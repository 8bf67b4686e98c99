package io.switchboard.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void emptyIsMinusOne() {
        Latency latency = new Latency();
        assertThat(latency.quantileMicros(0.5)).isEqualTo(-1);
        assertThat(latency.maxMicros()).isEqualTo(-1);
        assertThat(latency.count()).isZero();
    }

    @Test
    void percentilesAreWithinATenthOfAPercent() {
        Latency latency = new Latency();
        // 1 ms .. 1000 ms, one each
        for (int ms = 1; ms <= 1000; ms++) {
            latency.recordNanos(TimeUnit.MILLISECONDS.toNanos(ms));
        }
        assertThat(latency.count()).isEqualTo(1000);
        assertThat(latency.quantileMicros(0.5)).isCloseTo(500_000L, within(500L));
        assertThat(latency.quantileMicros(0.99)).isCloseTo(990_000L, within(990L));
        assertThat(latency.quantileMicros(0.999)).isCloseTo(999_000L, within(999L));
        assertThat(latency.maxMicros()).isCloseTo(1_000_000L, within(1_000L));
    }

    @Test
    void aFewSlowOnesShowInTheTailNotTheMedian() {
        Latency latency = new Latency();
        for (int i = 0; i < 990; i++) {
            latency.recordNanos(200_000);           // 200 us
        }
        for (int i = 0; i < 10; i++) {
            latency.recordNanos(50_000_000);        // 50 ms
        }
        assertThat(latency.quantileMicros(0.5)).isCloseTo(200L, within(1L));
        assertThat(latency.quantileMicros(0.99)).isCloseTo(200L, within(1L));
        assertThat(latency.quantileMicros(0.999)).isCloseTo(50_000L, within(50L));
    }

    @Test
    void subMicrosecondAndOverAnHourAreClamped() {
        Latency latency = new Latency();
        latency.recordNanos(300);
        latency.recordNanos(TimeUnit.HOURS.toNanos(2));
        assertThat(latency.quantileMicros(0.0)).isZero();
        assertThat(latency.maxMicros()).isCloseTo(TimeUnit.HOURS.toMicros(1), within(TimeUnit.HOURS.toMicros(1) / 1000));
    }
}
