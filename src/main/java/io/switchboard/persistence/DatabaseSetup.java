package io.switchboard.persistence;

import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Defines the data source from MicroProfile Config (see META-INF/microprofile-config.properties for
 * the embedded default) and migrates the schema before anything else uses it.
 */
@DataSourceDefinition(
        name = "java:app/jdbc/switchboard",
        className = "${MPCONFIG=switchboard.datasource.class}",
        url = "${MPCONFIG=switchboard.datasource.url}",
        user = "${MPCONFIG=switchboard.datasource.user}",
        password = "${MPCONFIG=switchboard.datasource.password}")
@ApplicationScoped
public class DatabaseSetup {

    private static final Logger LOG = Logger.getLogger(DatabaseSetup.class.getName());

    @Resource(lookup = "java:app/jdbc/switchboard")
    DataSource dataSource;

    @Inject
    Event<SchemaReady> ready;

    void migrate(@Observes @Initialized(ApplicationScoped.class) Object started) {
        var result = Flyway.configure(DatabaseSetup.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info(() -> "database schema at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied)");
        ready.fire(new SchemaReady());
    }
}
