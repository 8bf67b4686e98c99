package io.switchboard.security;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key: one per remote address for logins, one per identity for messages. Bounded:
 * full buckets are dropped first (a new one would be the same), and past {@code maxKeys} the least
 * recently used key is forgotten, so a client cannot grow the table by inventing keys.
 */
public final class RateTable {

    private final double perSecond;
    private final int burst;
    private final int maxKeys;
    // Access-ordered, guarded by itself.
    private final LinkedHashMap<String, TokenBucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    public RateTable(double perSecond, int burst, int maxKeys) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
    }

    /** The bucket of {@code key}, created full if there is none. */
    public TokenBucket bucket(String key, long nowNanos) {
        synchronized (buckets) {
            TokenBucket bucket = buckets.get(key);
            if (bucket == null) {
                if (buckets.size() >= maxKeys) {
                    makeRoom(nowNanos);
                }
                bucket = new TokenBucket(perSecond, burst, nowNanos);
                buckets.put(key, bucket);
            }
            return bucket;
        }
    }

    public boolean tryTake(String key, long nowNanos) {
        return bucket(key, nowNanos).tryTake(nowNanos);
    }

    int size() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    // Caller holds the lock.
    private void makeRoom(long nowNanos) {
        buckets.values().removeIf(b -> b.isFull(nowNanos));
        Iterator<Map.Entry<String, TokenBucket>> eldest = buckets.entrySet().iterator();
        while (buckets.size() >= maxKeys && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
