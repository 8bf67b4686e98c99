package io.switchboard.testing;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Builds test deployments from the WAR that {@code package} produced, with extra settings. */
public final class Deployments {

    private Deployments() {
    }

    private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

    /**
     * Settings every test server gets unless a test sets them: the demo users, a fresh embedded
     * database (or, with {@code -Dswitchboard.test.db=postgresql}, the PostgreSQL database named by
     * {@code switchboard.test.db.url}), limits far above what the tests send, so only the tests
     * about limits meet them, and cheap password hashes.
     */
    public static Map<String, String> testDefaults(String name) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("switchboard.demo-users", "true");
        defaults.put("switchboard.data-dir", Path.of("target", "it-data", name + "-" + System.nanoTime())
                .toAbsolutePath().toString());
        defaults.put("switchboard.rate.messages-per-second", "1000000");
        defaults.put("switchboard.rate.burst", "1000000");
        defaults.put("switchboard.connections.max-per-user", "10000");
        defaults.put("switchboard.connection.max-pending-requests", "100000");
        defaults.put("switchboard.publish.max-pending", "1000000");
        defaults.put("switchboard.login.max-per-address-per-minute", "1000000");
        // Every test logs in over and over; the production hash cost would only slow them down.
        defaults.put("switchboard.password.iterations", "1000");
        if ("postgresql".equals(System.getProperty("switchboard.test.db"))) {
            defaults.put("switchboard.datasource.class", "org.postgresql.ds.PGSimpleDataSource");
            defaults.put("switchboard.datasource.url", System.getProperty("switchboard.test.db.url",
                    "jdbc:postgresql://127.0.0.1:5432/switchboard_test?reWriteBatchedInserts=true"));
            defaults.put("switchboard.datasource.user", System.getProperty("switchboard.test.db.user", "switchboard"));
            defaults.put("switchboard.datasource.password", System.getProperty("switchboard.test.db.password", "switchboard"));
        }
        return defaults;
    }

    /** The built WAR, with the test defaults and then {@code settings} added to its configuration. */
    public static WebArchive war(String name, Map<String, String> settings) {
        Login.forgetShared();
        File built = new File(System.getProperty("switchboard.war", "target/switchboard.war"));
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, built));
        StringBuilder properties = new StringBuilder();
        if (war.contains(CONFIG)) {
            try (InputStream in = war.get(CONFIG).getAsset().openStream()) {
                properties.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            war.delete(CONFIG);
        }
        Map<String, String> all = testDefaults(name);
        all.putAll(settings);
        all.forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
        return war.add(new StringAsset(properties.toString()), CONFIG);
    }

    /** The WebSocket URI of a deployment, on 127.0.0.1 (Arquillian reports a non-loopback host). */
    public static URI wsUri(URL base) {
        return URI.create("ws://127.0.0.1:" + base.getPort() + base.getPath() + (base.getPath().endsWith("/") ? "" : "/") + "ws");
    }
}
