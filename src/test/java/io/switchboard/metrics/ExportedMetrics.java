package io.switchboard.metrics;

import io.switchboard.protocol.ErrorCode;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names the hub exports, as Prometheus sees them (counters with Payara's {@code _total}),
 * read from {@link HubStats} itself: what the alert rules and the dashboard may use, and what
 * MetricsIT finds on a running server's {@code /metrics}.
 */
public final class ExportedMetrics {

    private ExportedMetrics() {
    }

    public static Set<String> names() {
        LocalMeters meters = new LocalMeters();
        HubStats stats = new HubStats(meters, () -> 0);
        // the tagged families appear on first use
        stats.errorSent(ErrorCode.INVALID);
        stats.closed(1000, false);
        stats.handshakeRefused("unauthorized");
        Set<String> names = new TreeSet<>();
        meters.counters.keySet().forEach(key -> names.add(bare(key) + "_total"));
        meters.gauges.keySet().forEach(key -> names.add(bare(key)));
        return names;
    }

    private static String bare(String key) {
        int tags = key.indexOf('{');
        return tags < 0 ? key : key.substring(0, tags);
    }
}
