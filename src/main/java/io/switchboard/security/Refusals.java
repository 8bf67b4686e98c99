package io.switchboard.security;

import io.switchboard.log.LogEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Counts everything refused, by reason, and logs each refusal once as a {@code refused} event with
 * reason, user and address, escaped by {@link LogEvent}; never a password, cookie or key.
 */
@ApplicationScoped
public class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class.getName());

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts and logs a refusal; {@code user} is null when unknown (never a name that matches no account). */
    public void refused(String reason, String user, String address) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
        LogEvent.of("refused").with("reason", reason).with("user", user).with("address", address).info(LOG);
    }

    /** Refusals so far, by reason. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((reason, n) -> snapshot.put(reason, n.sum()));
        return snapshot;
    }
}
