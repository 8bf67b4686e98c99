package io.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What one instance's subscribers are told of cluster-wide presence, however late and out of order the cluster's events are. */
class PresenceViewTest {

    private final PresenceView view = new PresenceView(Map.of("alice", 10L));

    @Test
    void theSeedIsListedAndAnArrivalIsToldUnlessTheUserIsPresentAlready() {
        assertThat(view.users()).containsExactly("alice");
        assertThat(view.arrivedHere("alice")).isFalse();
        assertThat(view.arrivedHere("bob")).isTrue();
        assertThat(view.users()).containsExactly("alice", "bob");
    }

    @Test
    void aJoinAndALeaveAreToldOnceEach() {
        assertThat(view.changed("bob", true, 20, false)).isTrue();
        assertThat(view.changed("bob", true, 20, false)).isNull();
        assertThat(view.changed("bob", false, 30, false)).isFalse();
        assertThat(view.changed("bob", false, 31, false)).isNull();
        assertThat(view.changed("bob", true, 40, false)).isTrue();
    }

    @Test
    void anEventOlderThanTheLastOneAppliedIsDropped() {
        // bob left (v30) and that arrives before his join (v20)
        assertThat(view.changed("bob", false, 30, false)).isNull();
        assertThat(view.changed("bob", true, 20, false)).isNull();
        assertThat(view.users()).containsExactly("alice");
        assertThat(view.changed("alice", false, 5, false)).as("older than the seed").isNull();
        assertThat(view.users()).containsExactly("alice");
    }

    @Test
    void aLeaveIsNotBelievedWhileTheUserHasConnectionsHere() {
        assertThat(view.changed("alice", false, 11, true)).isNull();
        assertThat(view.users()).containsExactly("alice");
        assertThat(view.changed("alice", true, 12, true)).as("the join that follows").isNull();
    }

    @Test
    void afterTheClusterChangedWhatChangedIsTold() {
        view.arrivedHere("carol");

        Map<String, Boolean> told = view.reconcile(Map.of("bob", 50L), Set.of("carol")::contains);

        assertThat(told).containsExactly(Map.entry("alice", false), Map.entry("bob", true));
        assertThat(view.users()).containsExactly("bob", "carol");
        assertThat(view.changed("bob", true, 50, false)).isNull();
    }
}
