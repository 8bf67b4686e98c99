package io.switchboard.health;

import io.switchboard.config.Setting;
import io.switchboard.connection.ManagedPools;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * Whether the database answers a trivial query within the health timeout. The query runs on its own
 * thread so a probe never waits longer than the timeout, even when the pool or the network hangs;
 * while one query is still out, later probes wait for that one instead of piling up threads.
 */
@ApplicationScoped
public class DatabaseProbe {

    private static final Logger LOG = Logger.getLogger(DatabaseProbe.class.getName());

    @Resource(lookup = "java:app/jdbc/switchboard")
    DataSource dataSource;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Config config;

    Duration timeout;
    ThreadPoolExecutor pool;
    private final AtomicReference<CompletableFuture<Boolean>> inFlight = new AtomicReference<>();

    @PostConstruct
    void start() {
        timeout = Setting.HEALTH_DATABASE_TIMEOUT.durationValue(config);
        pool = ManagedPools.fixed(threads, 1);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** True when the database answered within the timeout; false when it failed or is still silent. */
    public boolean answers() {
        CompletableFuture<Boolean> query = inFlight.updateAndGet(
                current -> current != null && !current.isDone() ? current
                        : CompletableFuture.supplyAsync(this::query, pool));
        try {
            return query.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            LOG.warning(() -> "database did not answer the health query within " + timeout.toMillis() + " ms");
            return false;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean query() {
        int seconds = (int) Math.max(1, timeout.toSeconds());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(seconds);
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "database health query failed: " + e);
            return false;
        }
    }
}
