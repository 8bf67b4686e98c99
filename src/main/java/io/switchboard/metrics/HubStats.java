package io.switchboard.metrics;

import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.SendStats;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The hub's live figures, counted on the frame paths and kept in MicroProfile Metrics counters
 * (LongAdders inside), so what the server exports at {@code /metrics} and what {@link #snapshot}
 * returns are the same numbers. Every recording method is lock-free and allocates nothing once a
 * code has been seen. Tag values are fixed sets chosen by the server, never client text, so the
 * number of series stays bounded.
 */
@ApplicationScoped
public class HubStats implements SendStats {

    /** The names as registered; the exporter adds {@code _total} to counters' names. */
    static final String CONNECTIONS = "switchboard_connections";
    static final String RECEIVED = "switchboard_messages_received";
    static final String SENT = "switchboard_messages_sent";
    static final String LATENCY = "switchboard_message_latency_seconds";
    static final String CLOSES = "switchboard_closes";
    static final String ERRORS = "switchboard_errors";
    static final String RATE_LIMITED = "switchboard_rate_limited_frames";
    static final String SLOW_CONSUMER_CLOSES = "switchboard_slow_consumer_closes";
    static final String HANDSHAKE_REFUSALS = "switchboard_handshake_refusals";

    /** How far back the latency quantiles look. */
    static final int WINDOW_SECONDS = 10;

    /** The latency quantiles exported, as gauges tagged {@code quantile}. */
    private static final double[] QUANTILES = {0.5, 0.9, 0.99};

    /** A client's close code outside these is counted under {@link #OTHER_CLOSE_CODE}, so clients cannot mint series. */
    private static final Set<Integer> KNOWN_CLOSE_CODES = Stream.concat(
            IntStream.rangeClosed(1000, 1015).boxed(), Stream.of(CloseCode.values()).map(CloseCode::code))
            .collect(Collectors.toUnmodifiableSet());

    /** Where closes with a code of the client's own choosing are counted (tag {@code code="other"}). */
    public static final int OTHER_CLOSE_CODE = 0;

    /** How a counted close code is shown: the code, or {@code other} for {@link #OTHER_CLOSE_CODE}. */
    static String closeCodeLabel(int counted) {
        return counted == OTHER_CLOSE_CODE ? "other" : Integer.toString(counted);
    }

    @Inject
    MetricRegistry registry;

    @Inject
    ConnectionRegistry connectionRegistry;

    private Meters meters;
    private IntSupplier connections;
    private Counter received;
    private Counter sent;
    private Counter slowConsumerCloses;
    private Counter rateLimited;
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder latencyMicros = new LongAdder();
    private final Map<ErrorCode, Counter> errors = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
    private final LatencyWindow latency = new LatencyWindow(WINDOW_SECONDS, 1000);

    public HubStats() {
    }

    HubStats(Meters meters, IntSupplier connections) {
        start(meters, connections);
    }

    @PostConstruct
    void register() {
        start(new RegistryMeters(registry), connectionRegistry::size);
    }

    /** Creates the bean at startup, so every untagged metric is exported (as 0) before the first connection. */
    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // Nothing to do: observing made the container create this bean.
    }

    private void start(Meters meters, IntSupplier connections) {
        this.meters = meters;
        this.connections = connections;
        meters.gauge(CONNECTIONS, "Open WebSocket connections on this instance.", connections::getAsInt);
        received = meters.counter(RECEIVED, "Text frames received from clients.");
        sent = meters.counter(SENT, "Frames written to clients (replies, channel messages, presence, errors).");
        slowConsumerCloses = meters.counter(SLOW_CONSUMER_CLOSES,
                "Connections closed with 1013 because their outbound queue overflowed.");
        rateLimited = meters.counter(RATE_LIMITED, "Client frames dropped by the per-user rate limit.");
        registerLatency(meters);
    }

    /**
     * The latency as a Prometheus summary would show it, from gauges: quantiles over the last
     * {@value #WINDOW_SECONDS} s of every delivery, and count and sum since start. Not a
     * MicroProfile timer: Payara's allocates and locks on each update, and in 6.2025.10 writes its
     * quantiles in nanoseconds beside a sum in seconds.
     */
    private void registerLatency(Meters meters) {
        String help = "Live channel messages, from publish (stored) to delivery (frame handed to the socket); "
                + "quantiles over the last " + WINDOW_SECONDS + " s.";
        for (double q : QUANTILES) {
            meters.gauge(LATENCY, help, () -> LatencyWindow.quantileSeconds(latency.recent(System.currentTimeMillis()), q),
                    new Tag("quantile", Double.toString(q)));
        }
        meters.gauge(LATENCY + "_count", "Live channel message deliveries whose latency was taken, since start.",
                deliveries::sum);
        meters.gauge(LATENCY + "_sum", "Sum of the latencies of those deliveries, in seconds.",
                () -> latencyMicros.sum() / 1_000_000.0);
    }

    public void frameReceived() {
        received.inc();
    }

    @Override
    public void framesSent(int frames) {
        sent.inc(frames);
    }

    @Override
    public void messageWritten(long publishedMillis, long nowMillis) {
        long micros = Math.max(0, nowMillis - publishedMillis) * 1000;
        latency.record(nowMillis, micros);
        deliveries.increment();
        latencyMicros.add(micros);
    }

    public void frameRateLimited() {
        rateLimited.inc();
    }

    /** An error frame is being sent to a client. */
    public void errorSent(ErrorCode code) {
        errors.computeIfAbsent(code, c -> meters.counter(ERRORS, "Error frames sent to clients, by error code.",
                new Tag("code", c.wire()))).inc();
    }

    /**
     * A connection closed: with the code the server chose when it started the close, else with the
     * code the client (or the container) sent.
     */
    public void closed(int code, boolean byServer) {
        int counted = KNOWN_CLOSE_CODES.contains(code) ? code : OTHER_CLOSE_CODE;
        closes.computeIfAbsent(counted, c -> meters.counter(CLOSES, "Connections closed, by close code.",
                new Tag("code", closeCodeLabel(c)))).inc();
        if (byServer && code == CloseCode.SLOW_CONSUMER.code()) {
            slowConsumerCloses.inc();
        }
    }

    /** A WebSocket handshake was answered with an HTTP error; {@code reason} is the error code of its body. */
    public void handshakeRefused(String reason) {
        refusals.computeIfAbsent(reason, r -> meters.counter(HANDSHAKE_REFUSALS,
                "WebSocket handshakes refused before the upgrade, by reason.", new Tag("reason", r))).inc();
    }

    public StatsSnapshot snapshot() {
        long now = System.currentTimeMillis();
        long[] recent = latency.recent(now);
        return new StatsSnapshot(now, connections.getAsInt(), received.getCount(), sent.getCount(),
                LatencyWindow.quantileSeconds(recent, 0.5), LatencyWindow.quantileSeconds(recent, 0.99),
                slowConsumerCloses.getCount(), rateLimited.getCount(),
                counts(errors, ErrorCode::wire), counts(closes, Function.identity()), counts(refusals, Function.identity()));
    }

    private static <K, T> Map<T, Long> counts(Map<K, Counter> counters, Function<K, T> key) {
        Map<T, Long> out = new TreeMap<>();
        counters.forEach((k, counter) -> out.put(key.apply(k), counter.getCount()));
        return out;
    }
}
