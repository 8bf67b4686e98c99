package io.switchboard.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The hub's live figures, counted on the frame paths: every method a recorder calls is a
 * {@link LongAdder} increment or a bucket increment, lock-free and allocation-free once a code has
 * been seen. Codes and reasons are fixed sets chosen by the server, never client text, so the maps
 * stay small.
 */
@ApplicationScoped
public class HubStats {

    static final int WINDOW_SECONDS = 10;

    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder slowConsumerCloses = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
    private final LatencyWindow latency = new LatencyWindow(WINDOW_SECONDS, 1000);
    private volatile IntSupplier connections = () -> 0;

    /** Where the open-connection count comes from (the registry, once it exists). */
    public void countConnectionsWith(IntSupplier source) {
        connections = source;
    }

    public void frameReceived() {
        received.increment();
    }

    public void frameSent() {
        sent.increment();
    }

    /** A message frame written to a client, published at {@code publishedMillis} (its {@code ts}). */
    public void messageDelivered(long publishedMillis) {
        long now = System.currentTimeMillis();
        latency.record(now, Math.max(0, now - publishedMillis) * 1000);
    }

    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    public void frameRateLimited() {
        rateLimited.increment();
    }

    public void errorSent(String code) {
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    public void closed(int code) {
        closes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    public void handshakeRefused(String reason) {
        refusals.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public StatsSnapshot snapshot() {
        long now = System.currentTimeMillis();
        long[] recent = latency.recent(now);
        return new StatsSnapshot(now, connections.getAsInt(), received.sum(), sent.sum(),
                LatencyWindow.quantileSeconds(recent, 0.5), LatencyWindow.quantileSeconds(recent, 0.99),
                slowConsumerCloses.sum(), rateLimited.sum(), sums(errors), sums(closes), sums(refusals));
    }

    private static <K> Map<K, Long> sums(Map<K, LongAdder> counters) {
        Map<K, Long> out = new TreeMap<>();
        counters.forEach((key, n) -> out.put(key, n.sum()));
        return out;
    }
}
