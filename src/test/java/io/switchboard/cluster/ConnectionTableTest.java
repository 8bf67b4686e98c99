package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The per-user connection cap counted over every instance of the cluster. */
class ConnectionTableTest {

    private final ConcurrentHashMap<String, TreeMap<String, Integer>> grid = new ConcurrentHashMap<>();
    private final ConnectionTable table = new ConnectionTable(grid);

    @Test
    void eachInstanceCountsItsOwnAndTheCapIsOnTheSum() {
        assertThat(table.set("alice", "A", 2, 3)).isTrue();
        assertThat(table.set("alice", "B", 1, 3)).isTrue();

        assertThat(table.set("alice", "B", 2, 3)).as("a fourth connection").isFalse();
        assertThat(table.set("alice", "A", 3, 3)).isFalse();
        assertThat(table.total("alice")).isEqualTo(3);
        assertThat(table.set("bob", "B", 3, 3)).as("another user").isTrue();
    }

    @Test
    void aFallIsNeverRefusedAndFreesTheSlot() {
        table.set("alice", "A", 3, 3);
        assertThat(table.set("alice", "A", 4, 3)).isFalse();

        assertThat(table.set("alice", "A", 1, 0)).isTrue();
        assertThat(table.set("alice", "B", 2, 3)).isTrue();
        assertThat(table.set("alice", "A", 0, 3)).isTrue();
        assertThat(table.set("alice", "B", 0, 3)).isTrue();
        assertThat(grid).isEmpty();
    }

    @Test
    void twoInstancesTakingTheLastSlotAtOnceDoNotBothGetIt() {
        table.set("alice", "A", 1, 2);
        ConcurrentHashMap<String, TreeMap<String, Integer>> racing = new ConcurrentHashMap<>(grid) {
            private boolean raced;

            @Override
            public boolean replace(String key, TreeMap<String, Integer> oldValue, TreeMap<String, Integer> newValue) {
                if (!raced) {
                    raced = true;
                    TreeMap<String, Integer> b = new TreeMap<>(oldValue);
                    b.put("B", 1);
                    super.replace(key, oldValue, b);
                }
                return super.replace(key, oldValue, newValue);
            }
        };
        ConnectionTable racingTable = new ConnectionTable(racing);

        assertThat(racingTable.set("alice", "A", 2, 2)).as("B took the last slot first").isFalse();
        assertThat(racingTable.total("alice")).isEqualTo(2);
    }

    @Test
    void theConnectionsOfInstancesThatDiedAreForgotten() {
        table.set("alice", "A", 1, 10);
        table.set("alice", "B", 2, 10);
        table.set("bob", "B", 1, 10);

        table.keepOnly(Set.of("A"));

        assertThat(table.total("alice")).isEqualTo(1);
        assertThat(grid).doesNotContainKey("bob");
    }
}
