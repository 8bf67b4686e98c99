package io.switchboard.cluster;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many connections each user (or API key) has open on each instance, in a map of the data grid
 * that every instance shares, for the per-user cap across the cluster. Every instance writes only
 * its own count, by compare-and-set on the user's entry, so two instances taking a user's last
 * slot at once cannot both get it. Values are JDK types only (a sorted map), as in {@link PresenceTable}.
 */
final class ConnectionTable {

    private final ConcurrentMap<String, TreeMap<String, Integer>> map;

    ConnectionTable(ConcurrentMap<String, TreeMap<String, Integer>> map) {
        this.map = map;
    }

    /**
     * Sets {@code member}'s count of {@code user}'s connections. A rise is refused (false, nothing
     * written) when it would take the user's total over {@code limit}; a fall never is.
     */
    boolean set(String user, String member, int count, int limit) {
        while (true) {
            TreeMap<String, Integer> old = map.get(user);
            TreeMap<String, Integer> next = old == null ? new TreeMap<>() : new TreeMap<>(old);
            int own = next.getOrDefault(member, 0);
            if (own == count) {
                return true;
            }
            int others = next.values().stream().mapToInt(Integer::intValue).sum() - own;
            if (count > own && others + count > limit) {
                return false;
            }
            if (count == 0) {
                next.remove(member);
            } else {
                next.put(member, count);
            }
            if (replace(user, old, next)) {
                return true;
            }
        }
    }

    /** The user's connections on every instance. */
    int total(String user) {
        TreeMap<String, Integer> entry = map.get(user);
        return entry == null ? 0 : entry.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Forgets the connections of every instance but {@code alive}. */
    void keepOnly(Set<String> alive) {
        for (String user : List.copyOf(map.keySet())) {
            while (true) {
                TreeMap<String, Integer> old = map.get(user);
                if (old == null) {
                    break;
                }
                TreeMap<String, Integer> next = new TreeMap<>(old);
                if (!next.keySet().retainAll(alive) || replace(user, old, next)) {
                    break;
                }
            }
        }
    }

    private boolean replace(String user, TreeMap<String, Integer> old, TreeMap<String, Integer> next) {
        if (old == null) {
            return next.isEmpty() || map.putIfAbsent(user, next) == null;
        }
        return next.isEmpty() ? map.remove(user, old) : map.replace(user, old, next);
    }
}
