package io.switchboard.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins per user name and remote address within a window; once there are too
 * many, further attempts are refused until the oldest failure leaves the window. Bounded: at most
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

    /** How long the caller must wait before trying again, or empty if it may try now. */
    public Optional<Duration> retryAfter(String username, String address, long nowNanos) {
        synchronized (failures) {
            Deque<Long> times = failures.get(key(username, address));
            if (times == null) {
                return Optional.empty();
            }
            prune(times, nowNanos);
            if (times.size() < maxFailures) {
                return Optional.empty();
            }
            long wait = times.peekFirst() + windowNanos - nowNanos;
            return Optional.of(Duration.ofNanos(Math.max(wait, 1_000_000_000L)));
        }
    }

    public void failed(String username, String address, long nowNanos) {
        synchronized (failures) {
            Deque<Long> times = failures.computeIfAbsent(key(username, address), k -> new ArrayDeque<>());
            prune(times, nowNanos);
            times.addLast(nowNanos);
            while (times.size() > maxFailures) {
                times.removeFirst();
            }
        }
    }

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
