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

    private static final int MAX_LOGGED = 100;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts and logs a refusal; {@code user} is null when unknown (never a name that matches no account). */
    public void refused(String reason, String user, String address) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
        LOG.info(() -> "refused: " + printable(reason) + " (user " + (user == null ? "-" : printable(user))
                + ", address " + printable(address) + ")");
    }

    /**
     * The text with control characters, backslashes and anything beyond printable ASCII escaped as
     * a backslash, u and four hex digits, and cut at 100 characters: a client-supplied value can then neither forge a log
     * line with CR/LF nor fill the log.
     */
    static String printable(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LOGGED) + 8);
        for (int i = 0; i < text.length() && i < MAX_LOGGED; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (text.length() > MAX_LOGGED) {
            out.append("...");
        }
        return out.toString();
    }

    /** Refusals so far, by reason. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((reason, n) -> snapshot.put(reason, n.sum()));
        return snapshot;
    }
}
