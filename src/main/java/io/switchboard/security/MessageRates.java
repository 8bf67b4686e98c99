package io.switchboard.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The message rate limit of each user and API key ({@code switchboard.rate.*}): one token bucket
 * per identity, drawn on by every frame of every connection it has open and by every message it
 * publishes over HTTP, so opening more connections or switching to HTTP buys no extra rate.
 */
@ApplicationScoped
public class MessageRates {

    private static final int MAX_IDENTITIES = 100_000;

    @Inject
    SecuritySettings settings;

    private RateTable buckets;

    @PostConstruct
    void init() {
        buckets = new RateTable(settings.ratePerSecond(), settings.rateBurst(), MAX_IDENTITIES);
    }

    /** The limit for a new connection of {@code identity}. */
    public RateLimit forConnection(String identity, long nowNanos) {
        return new RateLimit(buckets.bucket(identity, nowNanos), settings.rateCloseAfter());
    }

    /** Takes one message of {@code identity} sent outside a connection; false when it is over its rate. */
    public boolean tryTake(String identity, long nowNanos) {
        return buckets.tryTake(identity, nowNanos);
    }
}
