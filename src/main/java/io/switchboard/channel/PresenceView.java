package io.switchboard.channel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * On a clustered instance, who its subscribers of one channel have been told is present, cluster
 * wide: seeded from the cluster's presence when the channel is loaded here, then changed by this
 * instance's own arrivals and by the cluster's join and leave events. Those events arrive late and
 * in any order, so each carries the version of the user's presence it announces, and an event no
 * newer than the last one applied for that user is dropped. A user told present gets no second
 * join and a user told absent no second leave: each subscriber sees a user join once and leave
 * once. Guarded by the channel's monitor.
 */
final class PresenceView {

    private final Set<String> present = new TreeSet<>();
    // The version of the last event applied per user, joined or left (kept while the channel is here).
    private final Map<String, Long> versions = new HashMap<>();

    PresenceView(Map<String, Long> presentNow) {
        present.addAll(presentNow.keySet());
        versions.putAll(presentNow);
    }

    /** A user's first connection here subscribed: true when the subscribers are to be told they joined. */
    boolean arrivedHere(String user) {
        return present.add(user);
    }

    /**
     * The cluster says {@code user} joined or left, as of {@code version}: TRUE when the subscribers
     * are to be told of a join, FALSE of a leave, null when nothing is to be told. A leave is not
     * believed while the user has connections here (the cluster will hear of them again).
     */
    Boolean changed(String user, boolean join, long version, boolean connectedHere) {
        Long last = versions.get(user);
        if (last != null && version <= last) {
            return null;
        }
        versions.put(user, version);
        if (join) {
            return present.add(user) ? Boolean.TRUE : null;
        }
        if (connectedHere) {
            return null;
        }
        return present.remove(user) ? Boolean.FALSE : null;
    }

    /**
     * After the cluster changed, what the cluster says now ({@code presentNow}, with versions):
     * the joins (TRUE) and leaves (FALSE) to tell, by user. A user with connections here stays.
     */
    Map<String, Boolean> reconcile(Map<String, Long> presentNow, Predicate<String> connectedHere) {
        Map<String, Boolean> told = new TreeMap<>();
        presentNow.forEach((user, version) -> {
            versions.merge(user, version, Math::max);
            if (present.add(user)) {
                told.put(user, Boolean.TRUE);
            }
        });
        for (String user : List.copyOf(present)) {
            if (!presentNow.containsKey(user) && !connectedHere.test(user)) {
                present.remove(user);
                told.put(user, Boolean.FALSE);
            }
        }
        return told;
    }

    List<String> users() {
        return List.copyOf(present);
    }
}
