package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.security.BroadcastLimit.Verdict;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BroadcastLimitTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Identity USER = new Identity("alice", Set.of(Role.USER), "s", "127.0.0.1");
    private static final Identity MODERATOR = new Identity("mod", Set.of(Role.MODERATOR), "s", "127.0.0.1");
    private static final Identity ADMIN = new Identity("admin", Set.of(Role.ADMIN), "s", "127.0.0.1");

    @Test
    void burstIsAcceptedThenBroadcastsAreRefusedAndTheClientIsToldOnceASecond() {
        BroadcastLimit limit = new BroadcastRule(Role.USER, 1, 5, 4096).newLimit(0);
        for (int i = 0; i < 5; i++) {
            assertThat(limit.check(USER, 10, 0)).isEqualTo(Verdict.ACCEPT);
        }
        assertThat(limit.check(USER, 10, 1)).isEqualTo(Verdict.REFUSE_AND_TELL);
        assertThat(limit.check(USER, 10, 2)).isEqualTo(Verdict.REFUSE_QUIETLY);
        assertThat(limit.check(USER, 10, SECOND / 2)).isEqualTo(Verdict.REFUSE_QUIETLY);
        // A second later a token has come back; the next refusal is told again.
        assertThat(limit.check(USER, 10, SECOND + 2)).isEqualTo(Verdict.ACCEPT);
        assertThat(limit.check(USER, 10, SECOND + 3)).isEqualTo(Verdict.REFUSE_AND_TELL);
    }

    @Test
    void aFractionalRateRefillsOneTokenPerInterval() {
        BroadcastLimit limit = new BroadcastRule(Role.USER, 0.1, 1, 4096).newLimit(0);
        assertThat(limit.check(USER, 10, 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(limit.check(USER, 10, 9 * SECOND)).isNotEqualTo(Verdict.ACCEPT);
        assertThat(limit.check(USER, 10, 10 * SECOND)).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void dataUpToMaxBytesIsAcceptedAndOneByteMoreIsTooLarge() {
        BroadcastLimit limit = new BroadcastRule(Role.USER, 1, 5, 100).newLimit(0);
        assertThat(limit.check(USER, 100, 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(limit.check(USER, 101, 0)).isEqualTo(Verdict.TOO_LARGE);
    }

    @Test
    void rolesBelowTheRuleAreForbiddenAndHigherOnesMayBroadcast() {
        BroadcastRule rule = new BroadcastRule(Role.MODERATOR, 1, 5, 4096);
        assertThat(rule.newLimit(0).check(USER, 10, 0)).isEqualTo(Verdict.FORBIDDEN);
        assertThat(rule.newLimit(0).check(MODERATOR, 10, 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(rule.newLimit(0).check(ADMIN, 10, 0)).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void forbiddenComesBeforeTooLargeAndTooLargeBeforeTheRate() {
        BroadcastLimit limit = new BroadcastRule(Role.MODERATOR, 1, 1, 100).newLimit(0);
        assertThat(limit.check(MODERATOR, 10, 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(limit.check(USER, 1000, 0)).isEqualTo(Verdict.FORBIDDEN);
        assertThat(limit.check(MODERATOR, 1000, 0)).isEqualTo(Verdict.TOO_LARGE);
        assertThat(limit.check(MODERATOR, 10, 0)).isEqualTo(Verdict.REFUSE_AND_TELL);
    }

    @Test
    void refusedBroadcastsTakeNoToken() {
        BroadcastLimit limit = new BroadcastRule(Role.MODERATOR, 1, 2, 100).newLimit(0);
        for (int i = 0; i < 10; i++) {
            assertThat(limit.check(USER, 10, 0)).isEqualTo(Verdict.FORBIDDEN);
            assertThat(limit.check(MODERATOR, 101, 0)).isEqualTo(Verdict.TOO_LARGE);
        }
        assertThat(limit.check(MODERATOR, 10, 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(limit.check(MODERATOR, 10, 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(limit.check(MODERATOR, 10, 0)).isEqualTo(Verdict.REFUSE_AND_TELL);
    }

    @Test
    void eachConnectionHasItsOwnBucket() {
        BroadcastRule rule = new BroadcastRule(Role.USER, 1, 1, 4096);
        BroadcastLimit first = rule.newLimit(0);
        BroadcastLimit second = rule.newLimit(0);
        assertThat(first.check(USER, 10, 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(first.check(USER, 10, 0)).isEqualTo(Verdict.REFUSE_AND_TELL);
        assertThat(second.check(USER, 10, 0)).isEqualTo(Verdict.ACCEPT);
    }
}
