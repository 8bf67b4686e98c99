package io.switchboard.security;

import java.time.Duration;

/**
 * One connection's view of its identity's message rate limit: which frames to refuse, when to tell
 * the client (at most once a second), and when a client that stays over the limit must be closed.
 * Confined to the connection's message handling; the bucket it draws on is shared.
 */
public final class RateLimit {

    /** What to do with one incoming frame. */
    public enum Verdict { ACCEPT, REFUSE_QUIETLY, REFUSE_AND_TELL, CLOSE }

    private static final long TELL_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final TokenBucket bucket;
    private final long closeAfterNanos;
    // An over-limit spell starts at a refusal and lasts while refusals come at least once a second;
    // frames that get through meanwhile (the bucket refills) do not end it.
    private long spellStartNanos;
    private long lastRefusalNanos = -1;
    private long lastToldNanos;
    private boolean told;

    public RateLimit(double perSecond, int burst, Duration closeAfter, long nowNanos) {
        this(new TokenBucket(perSecond, burst, nowNanos), closeAfter);
    }

    /** A connection's limit drawing on {@code bucket}, which other connections of its identity share. */
    public RateLimit(TokenBucket bucket, Duration closeAfter) {
        this.bucket = bucket;
        this.closeAfterNanos = closeAfter.toNanos();
    }

    public Verdict check(long nowNanos) {
        if (bucket.tryTake(nowNanos)) {
            return Verdict.ACCEPT;
        }
        if (lastRefusalNanos < 0 || nowNanos - lastRefusalNanos > TELL_EVERY_NANOS) {
            spellStartNanos = nowNanos;
        }
        lastRefusalNanos = nowNanos;
        if (nowNanos - spellStartNanos >= closeAfterNanos) {
            return Verdict.CLOSE;
        }
        if (!told || nowNanos - lastToldNanos >= TELL_EVERY_NANOS) {
            told = true;
            lastToldNanos = nowNanos;
            return Verdict.REFUSE_AND_TELL;
        }
        return Verdict.REFUSE_QUIETLY;
    }
}
