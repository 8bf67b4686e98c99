package io.switchboard.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatabaseProbeTest {

    private final CountDownLatch released = new CountDownLatch(1);
    private final DatabaseProbe probe = new DatabaseProbe();

    DatabaseProbeTest() {
        probe.timeout = Duration.ofMillis(300);
        probe.pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
    }

    @AfterEach
    void stop() {
        released.countDown();
        probe.pool.shutdownNow();
    }

    @Test
    void upWhenTheQueryAnswers() {
        probe.dataSource = dataSource(() -> true);

        assertThat(probe.answers()).isTrue();
    }

    @Test
    void downWhenTheDatabaseRefuses() {
        probe.dataSource = dataSource(() -> {
            throw new SQLException("connection refused");
        });

        assertThat(probe.answers()).isFalse();
    }

    @Test
    void downWithinTheTimeoutWhenTheDatabaseHangsAndLaterProbesShareTheOneQuery() {
        AtomicInteger queries = new AtomicInteger();
        probe.dataSource = dataSource(() -> {
            queries.incrementAndGet();
            released.await();
            return true;
        });

        long started = System.nanoTime();
        assertThat(probe.answers()).isFalse();
        assertThat(probe.answers()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(probe.pool.getQueue()).as("no second query queued behind the hung one").isEmpty();

        released.countDown();
        await().atMost(Duration.ofSeconds(10)).until(probe::answers);
        assertThat(queries).hasValue(2);
    }

    private interface Query {
        boolean run() throws Exception;
    }

    private static DataSource dataSource(Query query) {
        Statement statement = (Statement) Proxy.newProxyInstance(DatabaseProbeTest.class.getClassLoader(),
                new Class<?>[] {Statement.class}, (p, m, args) -> switch (m.getName()) {
                    case "execute" -> query.run();
                    default -> null;
                });
        Connection connection = (Connection) Proxy.newProxyInstance(DatabaseProbeTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, args) -> m.getName().equals("createStatement") ? statement : null);
        return (DataSource) Proxy.newProxyInstance(DatabaseProbeTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (p, m, args) -> {
                    if (m.getName().equals("getConnection")) {
                        return connection;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
