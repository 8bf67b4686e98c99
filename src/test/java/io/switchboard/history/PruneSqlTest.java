package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.ChannelPolicy;
import io.switchboard.config.PrefixTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention statements run on the embedded database, migrated as the server migrates it: which
 * messages each policy entry deletes, and that each step deletes a bounded batch, oldest first.
 */
class PruneSqlTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private Connection db;
    private int statements;

    @BeforeEach
    void migrate() throws SQLException {
        String url = "jdbc:h2:mem:prune" + DATABASES.incrementAndGet() + ";MODE=LEGACY;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        db = DriverManager.getConnection(url, "sa", "");
    }

    @AfterEach
    void close() throws SQLException {
        db.createStatement().execute("SHUTDOWN");
        db.close();
    }

    private void publish(String channel, int count, long ts) throws SQLException {
        try (PreparedStatement row = db.prepareStatement("INSERT INTO channels (name, epoch, last_seq, created_at) VALUES (?, 'e', ?, 0)");
             PreparedStatement message = db.prepareStatement(
                     "INSERT INTO messages (channel, seq, data, sender, ts) VALUES (?, ?, 'null', 's', ?)")) {
            row.setString(1, channel);
            row.setLong(2, count);
            row.executeUpdate();
            for (long seq = 1; seq <= count; seq++) {
                message.setString(1, channel);
                message.setLong(2, seq);
                message.setLong(3, ts);
                message.executeUpdate();
            }
        }
    }

    /** One step, as MessageStore.prune runs it: find the batch's last key, delete up to it. */
    private MessageStore.Pruned step(PrefixTable.Scope<?> scope, long keep, long olderThan, String from, int limit)
            throws SQLException {
        List<Object[]> bound = rows(PruneSql.bound(scope, keep, olderThan, from, limit));
        if (bound.isEmpty()) {
            return new MessageStore.Pruned(update(PruneSql.delete(scope, keep, olderThan, from, null, 0)), null);
        }
        String channel = (String) bound.get(0)[0];
        long seq = ((Number) bound.get(0)[1]).longValue();
        return new MessageStore.Pruned(update(PruneSql.delete(scope, keep, olderThan, from, channel, seq)), channel);
    }

    /** A pass over every policy entry, as RetentionJob runs it; checks each step as it goes. */
    private int prune(String policies, long now, int limit) throws SQLException {
        PrefixTable<ChannelPolicy> table = ChannelPolicy.table(policies);
        int deleted = 0;
        for (PrefixTable.Scope<ChannelPolicy> scope : table.scopes()) {
            ChannelPolicy policy = scope.value();
            long keep = policy.durable() ? policy.maxMessages() : 0;
            String from = null;
            do {
                MessageStore.Pruned step = step(scope, keep, now - policy.maxAge().toMillis(), from, limit);
                assertThat(step.deleted()).isLessThanOrEqualTo(limit);
                assertEveryHistoryIsContinuousUpToItsLastSeq();
                deleted += step.deleted();
                from = step.next();
            } while (from != null);
        }
        return deleted;
    }

    private PreparedStatement prepare(PruneSql.Statement statement) throws SQLException {
        statements++;
        PreparedStatement prepared = db.prepareStatement(statement.sql());
        for (int i = 0; i < statement.parameters().size(); i++) {
            prepared.setObject(i + 1, statement.parameters().get(i));
        }
        return prepared;
    }

    private List<Object[]> rows(PruneSql.Statement statement) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement query = prepare(statement); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getString(1), rs.getLong(2)});
            }
        }
        return rows;
    }

    private int update(PruneSql.Statement statement) throws SQLException {
        try (PreparedStatement update = prepare(statement)) {
            return update.executeUpdate();
        }
    }

    private Map<String, List<Long>> histories() throws SQLException {
        Map<String, List<Long>> seqs = new TreeMap<>();
        try (ResultSet rs = db.createStatement().executeQuery(
                "SELECT c.name, m.seq FROM channels c LEFT JOIN messages m ON m.channel = c.name ORDER BY c.name, m.seq")) {
            while (rs.next()) {
                List<Long> history = seqs.computeIfAbsent(rs.getString(1), c -> new ArrayList<>());
                long seq = rs.getLong(2);
                if (!rs.wasNull()) {
                    history.add(seq);
                }
            }
        }
        return seqs;
    }

    private void assertEveryHistoryIsContinuousUpToItsLastSeq() throws SQLException {
        Map<String, Long> last = new TreeMap<>();
        try (ResultSet rs = db.createStatement().executeQuery("SELECT name, last_seq FROM channels")) {
            while (rs.next()) {
                last.put(rs.getString(1), rs.getLong(2));
            }
        }
        histories().forEach((channel, seqs) -> {
            if (!seqs.isEmpty()) {
                assertThat(seqs).as(channel).isEqualTo(range(seqs.get(0), last.get(channel)));
            }
        });
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void aPrefixWithAnUnderscoreMatchesOnlyItself() throws SQLException {
        long now = System.currentTimeMillis();
        publish("a_b.1", 5, now);
        publish("axb.1", 5, now);
        publish("a%b.1", 5, now);

        prune("a_b.*:max-messages=2;a%b.*:max-messages=1", now, 100);

        assertThat(histories()).containsEntry("a_b.1", List.of(4L, 5L))
                .containsEntry("axb.1", range(1, 5))
                .containsEntry("a%b.1", List.of(5L));
    }

    @Test
    void eachChannelKeepsWhatItsLongestMatchingPrefixSays() throws SQLException {
        long now = System.currentTimeMillis();
        publish("short.x", 10, now);
        publish("short.long.y", 10, now);
        publish("shortly", 10, now);
        publish("eph.z", 4, now); // stored while the prefix was durable
        publish("other", 10, now);

        prune("short.*:max-messages=2;short.long.*:max-messages=100;eph.*:durable=false;*:max-messages=3", now, 100);

        assertThat(histories()).containsEntry("short.x", List.of(9L, 10L))
                .containsEntry("short.long.y", range(1, 10))
                .containsEntry("shortly", range(8, 10))
                .containsEntry("eph.z", List.of())
                .containsEntry("other", range(8, 10));
    }

    @Test
    void messagesOlderThanMaxAgeGoAndNewerOnesStay() throws SQLException {
        long now = System.currentTimeMillis();
        publish("old", 3, now - 7_200_000);
        publish("new", 3, now);

        prune("*:max-age=1h", now, 100);

        assertThat(histories()).containsEntry("old", List.of()).containsEntry("new", range(1, 3));
    }

    @Test
    void retentionPrunesInBoundedSetBasedStatementsOldestFirst() throws SQLException {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 30; i++) {
            publish("c_" + i, 10, now);
        }

        int deleted = prune("*:max-messages=3", now, 7);

        assertThat(deleted).isEqualTo(30 * 7);
        // Two statements per step of 7, not one per channel.
        assertThat(statements).isEqualTo(2 * (deleted / 7 + 1));
        assertThat(histories().values()).hasSize(30).allSatisfy(seqs -> assertThat(seqs).isEqualTo(range(8, 10)));
    }
}
