package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Cluster-wide presence as the instances write it to the grid: one join and one leave per user. */
class PresenceTableTest {

    /** The grid's map; runs {@link #meanwhile} once, just before the next compare-and-set. */
    private static final class Grid extends ConcurrentHashMap<String, TreeMap<String, String>> {
        Runnable meanwhile;

        private void interleave() {
            Runnable r = meanwhile;
            meanwhile = null;
            if (r != null) {
                r.run();
            }
        }

        @Override
        public boolean replace(String key, TreeMap<String, String> oldValue, TreeMap<String, String> newValue) {
            interleave();
            return super.replace(key, oldValue, newValue);
        }

        @Override
        public TreeMap<String, String> putIfAbsent(String key, TreeMap<String, String> value) {
            interleave();
            return super.putIfAbsent(key, value);
        }

        @Override
        public boolean remove(Object key, Object value) {
            interleave();
            return super.remove(key, value);
        }
    }

    private final Grid grid = new Grid();
    private long clock = 1_000;
    private final PresenceTable table = new PresenceTable(grid, () -> clock);

    @Test
    void aUsersFirstInstanceMakesThemJoinAndTheirLastOneMakesThemLeave() {
        PresenceTable.Change join = table.set("room", "alice", "A", true);
        assertThat(join).isEqualTo(new PresenceTable.Change("room", "alice", true, 1_000));
        assertThat(table.set("room", "alice", "B", true)).isNull();
        assertThat(table.set("room", "alice", "A", false)).isNull();
        assertThat(table.present("room")).containsOnlyKeys("alice");

        clock = 2_000;
        PresenceTable.Change leave = table.set("room", "alice", "B", false);

        assertThat(leave).isEqualTo(new PresenceTable.Change("room", "alice", false, 2_000));
        assertThat(table.present("room")).isEmpty();
    }

    @Test
    void sayingAgainWhatIsSoChangesNothing() {
        table.set("room", "alice", "A", true);

        assertThat(table.set("room", "alice", "A", true)).isNull();
        assertThat(table.set("room", "bob", "A", false)).isNull();
        assertThat(table.present("room")).containsOnlyKeys("alice");
    }

    @Test
    void versionsGrowWhateverTheClocksSay() {
        long v1 = table.set("room", "alice", "A", true).version();
        clock = 500;
        long v2 = table.set("room", "alice", "A", false).version();
        long v3 = table.set("room", "alice", "B", true).version();

        assertThat(v2).isGreaterThan(v1);
        assertThat(v3).isGreaterThan(v2);
        assertThat(table.present("room")).containsEntry("alice", v3);
    }

    @Test
    void channelsAreApart() {
        table.set("room", "alice", "A", true);

        assertThat(table.set("hall", "alice", "A", true)).isNotNull();
        assertThat(table.present("hall")).containsOnlyKeys("alice");
        assertThat(table.present("nowhere")).isEmpty();
    }

    @Test
    void twoInstancesArrivingAtOnceMakeOneJoinAndLeavingAtOnceOneLeave() {
        List<PresenceTable.Change> told = new ArrayList<>();
        grid.meanwhile = () -> told.add(table.set("room", "alice", "B", true));
        told.add(table.set("room", "alice", "A", true));

        assertThat(told).filteredOn(c -> c != null).singleElement().satisfies(c -> assertThat(c.join()).isTrue());
        assertThat(grid.get("room").get("alice")).contains("A", "B");

        told.clear();
        grid.meanwhile = () -> told.add(table.set("room", "alice", "B", false));
        told.add(table.set("room", "alice", "A", false));

        assertThat(told).filteredOn(c -> c != null).singleElement().satisfies(c -> assertThat(c.join()).isFalse());
        assertThat(table.present("room")).isEmpty();
    }

    @Test
    void theInstancesThatDiedLeaveEveryChannelAndTheirUsersLeaveWhereNoOtherHasThem() {
        table.set("room", "alice", "A", true);
        table.set("room", "alice", "B", true);
        table.set("room", "bob", "B", true);
        table.set("hall", "carol", "A", true);
        table.set("hall", "dave", "B", true);

        List<PresenceTable.Change> left = table.keepOnly(Set.of("A"));

        assertThat(left).extracting(PresenceTable.Change::channel, PresenceTable.Change::user, PresenceTable.Change::join)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("room", "bob", false),
                        org.assertj.core.groups.Tuple.tuple("hall", "dave", false));
        assertThat(table.present("room")).containsOnlyKeys("alice");
        assertThat(table.present("hall")).containsOnlyKeys("carol");
        assertThat(table.keepOnly(Set.of("A"))).isEmpty();
    }

    @Test
    void aLeaveIsRememberedForAWhileThenForgotten() {
        table.set("room", "alice", "A", true);
        table.set("room", "alice", "A", false);
        assertThat(grid.get("room")).containsKey("alice");

        clock += PresenceTable.LEFT_KEPT_MILLIS + 10;
        table.set("room", "bob", "A", true);

        assertThat(grid.get("room")).containsOnlyKeys("bob");
        table.set("room", "bob", "A", false);
        clock += PresenceTable.LEFT_KEPT_MILLIS + 10;
        table.keepOnly(Set.of("A"));
        assertThat(grid).doesNotContainKey("room");
    }
}
