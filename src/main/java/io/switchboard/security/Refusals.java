package io.switchboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Counts everything refused, by reason, and logs each refusal once with user, address and reason;
 * never a password, cookie or key.
 */
@ApplicationScoped
public class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class.getName());

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void refused(String reason, String user, String address) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
        LOG.info(() -> "refused: " + reason + " (user " + (user == null ? "-" : user) + ", address " + address + ")");
    }

    /** Refusals so far, by reason. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((reason, n) -> snapshot.put(reason, n.sum()));
        return snapshot;
    }
}
