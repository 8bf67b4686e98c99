package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.metrics.StatsSnapshot;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveNumbersTest {

    private static StatsSnapshot at(long millis, long received, long sent) {
        return new StatsSnapshot(millis, 0, received, sent, 0.004, Double.NaN, 2, 3,
                Map.of("rate_limited", 3L), Map.of(4003, 1L), Map.of("origin", 5L));
    }

    @Test
    void ratesArePerSecondSinceThePreviousSnapshot() {
        JsonObject json = LiveNumbers.json(at(1_000, 100, 1_000), at(3_000, 300, 5_000), 7).build();

        assertThat(json.getInt("connections")).isEqualTo(7);
        assertThat(json.getJsonNumber("messagesInPerSecond").doubleValue()).isEqualTo(100.0);
        assertThat(json.getJsonNumber("messagesOutPerSecond").doubleValue()).isEqualTo(2000.0);
        assertThat(json.getJsonNumber("latencyP50Seconds").doubleValue()).isEqualTo(0.004);
        assertThat(json.getJsonNumber("latencyP99Seconds").doubleValue()).isZero();
        assertThat(json.getJsonObject("closesByCode").getInt("4003")).isEqualTo(1);
        assertThat(json.getJsonObject("errorsByCode").getInt("rate_limited")).isEqualTo(3);
    }

    @Test
    void theFirstSnapshotHasNoRateYet() {
        JsonObject json = LiveNumbers.json(null, at(3_000, 300, 5_000), 0).build();

        assertThat(json.getJsonNumber("messagesInPerSecond").doubleValue()).isZero();
    }
}
