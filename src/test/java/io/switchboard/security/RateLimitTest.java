package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstIsAcceptedThenFramesAreRefusedAndTheClientIsToldOnceASecond() {
        RateLimit limit = new RateLimit(5, 5, Duration.ofSeconds(10), 0);
        for (int i = 0; i < 5; i++) {
            assertThat(limit.check(0)).isEqualTo(RateLimit.Verdict.ACCEPT);
        }
        assertThat(limit.check(1)).isEqualTo(RateLimit.Verdict.REFUSE_AND_TELL);
        assertThat(limit.check(2)).isEqualTo(RateLimit.Verdict.REFUSE_QUIETLY);
        assertThat(limit.check(SECOND / 10)).isEqualTo(RateLimit.Verdict.REFUSE_QUIETLY);
    }

    @Test
    void tokensRefillAtTheRate() {
        RateLimit limit = new RateLimit(10, 1, Duration.ofSeconds(10), 0);
        assertThat(limit.check(0)).isEqualTo(RateLimit.Verdict.ACCEPT);
        assertThat(limit.check(SECOND / 20)).isNotEqualTo(RateLimit.Verdict.ACCEPT);
        assertThat(limit.check(SECOND / 10 + SECOND / 20)).isEqualTo(RateLimit.Verdict.ACCEPT);
    }

    @Test
    void stayingOverTheLimitLongerThanCloseAfterCloses() {
        RateLimit limit = new RateLimit(1, 1, Duration.ofSeconds(2), 0);
        limit.check(0);
        List<RateLimit.Verdict> verdicts = new ArrayList<>();
        // 100 frames a second for 3 seconds: far over 1/s the whole time.
        for (long t = SECOND / 100; t <= 3 * SECOND; t += SECOND / 100) {
            verdicts.add(limit.check(t));
        }
        assertThat(verdicts).contains(RateLimit.Verdict.CLOSE);
        int firstClose = verdicts.indexOf(RateLimit.Verdict.CLOSE);
        assertThat(firstClose).isBetween(190, 210);
    }

    @Test
    void aSecondWithoutRefusalsEndsTheOverLimitSpell() {
        RateLimit limit = new RateLimit(1, 1, Duration.ofSeconds(2), 0);
        limit.check(0);
        assertThat(limit.check(SECOND / 2)).isEqualTo(RateLimit.Verdict.REFUSE_AND_TELL);
        assertThat(limit.check(SECOND + SECOND / 2)).isEqualTo(RateLimit.Verdict.ACCEPT);
        assertThat(limit.check(2 * SECOND + SECOND / 4)).isNotEqualTo(RateLimit.Verdict.CLOSE);
    }
}
