package io.switchboard.history;

import io.switchboard.config.PrefixTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of retention, in the dialect both databases speak. A pass over one policy scope walks its
 * expired messages in (channel, seq) order, a batch per step: {@link #bound} finds the key of the
 * batch's last message and {@link #delete} deletes the expired messages up to it. So every
 * statement touches a bounded number of rows whatever the number of channels, and a channel only
 * ever loses its oldest messages, leaving its history continuous after every commit. A message is
 * expired when it is more than {@code keep} behind its channel's last seq or older than
 * {@code olderThan} (ms).
 */
final class PruneSql {

    /** @param parameters the values of the statement's {@code ?}, in order */
    record Statement(String sql, List<Object> parameters) {
    }

    // Channel names may hold '_', which LIKE reads as "any character".
    private static final char ESCAPE = '!';

    private PruneSql() {
    }

    /**
     * The key (channel, seq) of the {@code limit}-th expired message of the scope from channel
     * {@code from} on (from the start when null); no row when fewer are left.
     */
    static Statement bound(PrefixTable.Scope<?> scope, long keep, long olderThan, String from, int limit) {
        List<Object> parameters = new ArrayList<>();
        String where = expiredInScope(scope, keep, olderThan, from, parameters);
        parameters.add(limit - 1);
        return new Statement("SELECT m.channel, m.seq FROM messages m WHERE " + where
                + " ORDER BY m.channel, m.seq OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY", parameters);
    }

    /**
     * Deletes the scope's expired messages from channel {@code from} on up to the key
     * ({@code toChannel}, {@code toSeq}), or to the end when {@code toChannel} is null.
     */
    static Statement delete(PrefixTable.Scope<?> scope, long keep, long olderThan, String from,
                            String toChannel, long toSeq) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("DELETE FROM messages m WHERE ")
                .append(expiredInScope(scope, keep, olderThan, from, parameters));
        if (toChannel != null) {
            // The plain upper bound lets the database read only the batch's part of the key index.
            sql.append(" AND m.channel <= ? AND (m.channel < ? OR m.seq <= ?)");
            parameters.addAll(List.of(toChannel, toChannel, toSeq));
        }
        return new Statement(sql.toString(), parameters);
    }

    private static String expiredInScope(PrefixTable.Scope<?> scope, long keep, long olderThan, String from,
                                         List<Object> parameters) {
        StringBuilder where = new StringBuilder(
                "(m.seq <= (SELECT c.last_seq FROM channels c WHERE c.name = m.channel) - ? OR m.ts < ?)");
        parameters.addAll(List.of(keep, olderThan));
        if (!scope.prefix().isEmpty()) {
            where.append(" AND m.channel LIKE ? ESCAPE '").append(ESCAPE).append('\'');
            parameters.add(startsWith(scope.prefix()));
        }
        for (String longer : scope.except()) {
            where.append(" AND m.channel NOT LIKE ? ESCAPE '").append(ESCAPE).append('\'');
            parameters.add(startsWith(longer));
        }
        if (from != null) {
            where.append(" AND m.channel >= ?");
            parameters.add(from);
        }
        return where.toString();
    }

    /** The LIKE pattern of the names starting with {@code prefix}, taken literally. */
    static String startsWith(String prefix) {
        StringBuilder pattern = new StringBuilder();
        for (char ch : prefix.toCharArray()) {
            if (ch == ESCAPE || ch == '_' || ch == '%') {
                pattern.append(ESCAPE);
            }
            pattern.append(ch);
        }
        return pattern.append('%').toString();
    }
}
