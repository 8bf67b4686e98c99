package io.switchboard.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Who is present in which channel, cluster wide, in a map of the data grid that every instance
 * shares: per channel, per user, the instances where the user has a subscribed connection and the
 * version of the user's presence there, which grows at each join and leave. Every instance writes
 * only its own part; writes are compare-and-set on the channel's entry, so two instances changing
 * one channel at once never lose a change and exactly one of them sees a user join or leave.
 * Values are JDK types only (a sorted map of strings), so the grid never needs the application's
 * classes and equal values serialize alike.
 */
final class PresenceTable {

    /** A user's presence changed cluster wide: joined (first instance) or left (last one), as of {@code version}. */
    record Change(String channel, String user, boolean join, long version) {
    }

    // A user who left is kept (with the version of the leave) this long, so that a join after it
    // gets a higher version whatever the clocks of the instances say.
    static final long LEFT_KEPT_MILLIS = 10 * 60_000;

    private final ConcurrentMap<String, TreeMap<String, String>> map;
    private final LongSupplier clockMillis;

    PresenceTable(ConcurrentMap<String, TreeMap<String, String>> map, LongSupplier clockMillis) {
        this.map = map;
        this.clockMillis = clockMillis;
    }

    /**
     * Records whether {@code user} has a subscribed connection on {@code member}; the change, when
     * that made the user join or leave the channel cluster wide, else null.
     */
    Change set(String channel, String user, String member, boolean present) {
        while (true) {
            TreeMap<String, String> old = map.get(channel);
            TreeMap<String, String> next = old == null ? new TreeMap<>() : new TreeMap<>(old);
            Entry before = Entry.parse(next.get(user));
            TreeSet<String> members = new TreeSet<>(before.members());
            boolean changed = present ? members.add(member) : members.remove(member);
            if (!changed) {
                return null;
            }
            boolean flips = before.members().isEmpty() != members.isEmpty();
            long version = flips ? Math.max(before.version() + 1, clockMillis.getAsLong()) : before.version();
            next.put(user, new Entry(version, members).format());
            dropOldLeaves(next);
            if (replace(channel, old, next)) {
                return flips ? new Change(channel, user, present, version) : null;
            }
        }
    }

    /** The users present in the channel, each with the version of their presence. */
    Map<String, Long> present(String channel) {
        Map<String, Long> users = new LinkedHashMap<>();
        TreeMap<String, String> entry = map.get(channel);
        if (entry != null) {
            entry.forEach((user, value) -> {
                Entry e = Entry.parse(value);
                if (!e.members().isEmpty()) {
                    users.put(user, e.version());
                }
            });
        }
        return users;
    }

    /** Removes every instance but {@code alive} from every channel; the users that left by it. */
    List<Change> keepOnly(Set<String> alive) {
        List<Change> left = new ArrayList<>();
        for (String channel : List.copyOf(map.keySet())) {
            while (true) {
                TreeMap<String, String> old = map.get(channel);
                if (old == null) {
                    break;
                }
                TreeMap<String, String> next = new TreeMap<>(old);
                List<Change> leaving = new ArrayList<>();
                boolean changed = false;
                for (Map.Entry<String, String> e : old.entrySet()) {
                    Entry before = Entry.parse(e.getValue());
                    TreeSet<String> members = new TreeSet<>(before.members());
                    if (members.retainAll(alive)) {
                        changed = true;
                        long version = before.version();
                        if (members.isEmpty()) {
                            version = Math.max(version + 1, clockMillis.getAsLong());
                            leaving.add(new Change(channel, e.getKey(), false, version));
                        }
                        next.put(e.getKey(), new Entry(version, members).format());
                    }
                }
                changed |= dropOldLeaves(next);
                if (!changed) {
                    break;
                }
                if (replace(channel, old, next)) {
                    left.addAll(leaving);
                    break;
                }
            }
        }
        return left;
    }

    /** Drops the users who left long ago: a later join is versioned by the clock, which has moved on. */
    private boolean dropOldLeaves(TreeMap<String, String> next) {
        long before = clockMillis.getAsLong() - LEFT_KEPT_MILLIS;
        return next.values().removeIf(value -> {
            Entry e = Entry.parse(value);
            return e.members().isEmpty() && e.version() < before;
        });
    }

    private boolean replace(String channel, TreeMap<String, String> old, TreeMap<String, String> next) {
        if (old == null) {
            return next.isEmpty() || map.putIfAbsent(channel, next) == null;
        }
        return next.isEmpty() ? map.remove(channel, old) : map.replace(channel, old, next);
    }

    /** One user's presence in one channel: "version member member ...". */
    private record Entry(long version, Set<String> members) {

        static Entry parse(String value) {
            if (value == null) {
                return new Entry(0, Set.of());
            }
            String[] parts = value.split(" ");
            return new Entry(Long.parseLong(parts[0]), new TreeSet<>(Arrays.asList(parts).subList(1, parts.length)));
        }

        String format() {
            return members.isEmpty() ? String.valueOf(version) : version + " " + String.join(" ", members);
        }
    }
}
