package io.switchboard.security;

import java.time.Duration;

/**
 * One connection's broadcast limit under a {@link BroadcastRule}: which broadcasts to refuse, and
 * when to tell the client about a rate refusal (at most once a second). A refused broadcast takes
 * no token. Confined to the connection's message thread, so not synchronised.
 */
public final class BroadcastLimit {

    /** What to do with one broadcast, checked in this order: role, size, rate. */
    public enum Verdict { ACCEPT, FORBIDDEN, TOO_LARGE, REFUSE_AND_TELL, REFUSE_QUIETLY }

    private static final long TELL_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final BroadcastRule rule;
    private final TokenBucket bucket;
    private long lastToldNanos;
    private boolean told;

    BroadcastLimit(BroadcastRule rule, long nowNanos) {
        this.rule = rule;
        this.bucket = new TokenBucket(rule.perSecond(), rule.burst(), nowNanos);
    }

    public BroadcastRule rule() {
        return rule;
    }

    /** @param dataBytes the size of the broadcast's {@code data} as it would be forwarded */
    public Verdict check(Identity sender, int dataBytes, long nowNanos) {
        if (!Role.grants(sender.roles(), rule.role())) {
            return Verdict.FORBIDDEN;
        }
        if (dataBytes > rule.maxBytes()) {
            return Verdict.TOO_LARGE;
        }
        if (bucket.tryTake(nowNanos)) {
            return Verdict.ACCEPT;
        }
        if (!told || nowNanos - lastToldNanos >= TELL_EVERY_NANOS) {
            told = true;
            lastToldNanos = nowNanos;
            return Verdict.REFUSE_AND_TELL;
        }
        return Verdict.REFUSE_QUIETLY;
    }
}
