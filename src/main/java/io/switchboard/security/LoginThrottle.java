package io.switchboard.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts login attempts per user name and remote address within a window, each as a failure until
 * it succeeds; once there are too many, further attempts are refused until the oldest leaves the
 * window. Bounded: at most
 * {@code maxTracked} pairs are remembered, and the one that failed least recently is forgotten
 * first, so flooding other names cannot cheaply clear a lockout.
 */
public final class LoginThrottle {

    private final int maxFailures;
    private final long windowNanos;
    // Access-ordered, guarded by itself: iteration order is least recently failed first.
    private final Map<String, Deque<Long>> failures;

    public LoginThrottle(int maxFailures, Duration window, int maxTracked) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.failures = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /**
     * Reserves one attempt: counts it as a failure now, before the password is checked, so that
     * parallel attempts cannot all pass the check while none has failed yet. Empty when the caller
     * may try; otherwise how long it must wait (nothing is counted then).
     */
    public Optional<Duration> reserve(String username, String address, long nowNanos) {
        synchronized (failures) {
            Deque<Long> times = failures.computeIfAbsent(key(username, address), k -> new ArrayDeque<>());
            prune(times, nowNanos);
            if (times.size() >= maxFailures) {
                long wait = times.peekFirst() + windowNanos - nowNanos;
                return Optional.of(Duration.ofNanos(Math.max(wait, 1_000_000_000L)));
            }
            times.addLast(nowNanos);
            return Optional.empty();
        }
    }

    /** A reserved attempt succeeded: the failures of that user from that address are forgotten. */
    public void succeeded(String username, String address) {
        synchronized (failures) {
            failures.remove(key(username, address));
        }
    }

    private void prune(Deque<Long> times, long nowNanos) {
        while (!times.isEmpty() && nowNanos - times.peekFirst() > windowNanos) {
            times.removeFirst();
        }
    }

    private static String key(String username, String address) {
        return username + '\u0000' + address;
    }
}
