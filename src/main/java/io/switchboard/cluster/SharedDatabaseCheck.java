package io.switchboard.cluster;

import io.switchboard.config.Setting;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Locale;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a clustered instance on the embedded database: each instance would have a
 * database of its own, so the instances would assign the same seqs and keep different histories
 * and accounts. Runs at startup before the schema is migrated; the exception fails the deployment.
 */
@ApplicationScoped
public class SharedDatabaseCheck {

    private static final Logger LOG = Logger.getLogger(SharedDatabaseCheck.class.getName());

    @Inject
    Membership membership;

    @Inject
    Config config;

    void check(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) @Initialized(ApplicationScoped.class) Object started) {
        String url = Setting.DATASOURCE_URL.stringValue(config);
        if (membership.clustered() && embedded(url)) {
            LOG.severe(refusal(url));
            throw new IllegalStateException("clustered on the embedded database " + url + "; see the message before");
        }
    }

    /** True for an H2 URL that opens the database inside this process (not an H2 server). */
    static boolean embedded(String url) {
        String u = url.trim().toLowerCase(Locale.ROOT);
        return u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:");
    }

    static String refusal(String url) {
        return "Refusing to start: this instance is clustered but its database is the embedded one ("
                + Setting.DATASOURCE_URL.key() + "=" + url + "), which no other instance can share. "
                + "Point every instance at the same PostgreSQL database: set "
                + Setting.DATASOURCE_CLASS.key() + "=org.postgresql.ds.PGSimpleDataSource, "
                + Setting.DATASOURCE_URL.key() + "=jdbc:postgresql://HOST:5432/DATABASE, "
                + Setting.DATASOURCE_USER.key() + " and " + Setting.DATASOURCE_PASSWORD.key()
                + " (or the environment variables SWITCHBOARD_DATASOURCE_CLASS, _URL, _USER, _PASSWORD); "
                + "or start a single instance with --nocluster.";
    }
}
