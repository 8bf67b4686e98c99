package io.switchboard.client;

import java.time.Duration;

/**
 * Every timing and bound of a client, with its default; set through {@link SwitchboardClient.Builder}.
 *
 * @param backoffBase      reconnect delays are random in [0, min(cap, base × 2^attempt)) (500 ms)
 * @param backoffCap       the longest reconnect delay (30 s)
 * @param stableAfter      a connection open this long starts the backoff over (10 s)
 * @param pingAfter        with nothing received this long, the client sends a ping (20 s)
 * @param pongTimeout      with still nothing received this long after it, the connection is given up (10 s)
 * @param connectTimeout   a login or handshake not answered this long fails the attempt (15 s)
 * @param resendAfter      a request unanswered this long on an open connection is sent again, same id; zero: never (30 s)
 * @param retryDelay       a request refused for now ({@code rate_limited}, {@code unavailable}) is sent again after this (1 s)
 * @param breakerThreshold failed attempts in a row that open the circuit breaker; 0 turns it off (10)
 * @param breakerCoolDown  how long an open breaker allows no attempt before one trial (60 s)
 * @param maxPending       requests (publishes, history, pings) waiting for a reply; one more is refused (1000)
 * @param maxSubscriptions channels subscribed at once; one more is refused (1000, the hub's default)
 * @param maxQueuedEvents  events waiting for the handlers; past it the connection is dropped and resumed (10000)
 * @param maxFrameBytes    the largest server frame accepted (8 MiB)
 */
public record ClientSettings(Duration backoffBase, Duration backoffCap, Duration stableAfter, Duration pingAfter,
                             Duration pongTimeout, Duration connectTimeout, Duration resendAfter, Duration retryDelay,
                             int breakerThreshold, Duration breakerCoolDown, int maxPending, int maxSubscriptions,
                             int maxQueuedEvents, int maxFrameBytes) {

    public static final ClientSettings DEFAULTS = new ClientSettings(Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofSeconds(1), 10, Duration.ofSeconds(60), 1000, 1000, 10_000,
            8 * 1024 * 1024);

    public ClientSettings {
        positive("backoffBase", backoffBase);
        positive("backoffCap", backoffCap);
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffCap " + backoffCap + " is below backoffBase " + backoffBase);
        }
        positive("stableAfter", stableAfter);
        positive("pingAfter", pingAfter);
        positive("pongTimeout", pongTimeout);
        positive("connectTimeout", connectTimeout);
        notNegative("resendAfter", resendAfter);
        positive("retryDelay", retryDelay);
        notNegative("breakerCoolDown", breakerCoolDown);
        if (breakerThreshold < 0) {
            throw new IllegalArgumentException("breakerThreshold must be 0 (off) or more, not " + breakerThreshold);
        }
        atLeastOne("maxPending", maxPending);
        atLeastOne("maxSubscriptions", maxSubscriptions);
        atLeastOne("maxQueuedEvents", maxQueuedEvents);
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, not " + maxFrameBytes);
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }

    private static void notNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or more, not " + d);
        }
    }

    private static void atLeastOne(String name, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + n);
        }
    }
}
