package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The Payara Server domain the integration tests of the {@code payara-server} Maven profile run
 * against: set up once before the first test class, the way the README sets one up, and removed
 * after the last. The profile registers this listener and names the unpacked server with
 * {@code payara.server.home}; without that property it does nothing.
 *
 * <p>Arquillian's remote Payara Server container (qualifier {@code payara-server} in
 * arquillian.xml) then deploys each test class's WAR to it through the admin port this sets as
 * {@code payara.server.adminPort}.
 */
public final class PayaraServerSession implements LauncherSessionListener {

    private static final Logger LOG = Logger.getLogger(PayaraServerSession.class.getName());

    /**
     * The server-wide settings: what the WAR deployed unchanged needs for the tests to log in,
     * with the values every test WAR sets for itself too (system properties win over a WAR's own).
     */
    static final Map<String, String> SETTINGS = Map.of(
            "switchboard.demo-users", "true",
            "switchboard.password.iterations", "1000");

    private static volatile PayaraServerDomain domain;

    /** The running domain; fails outside the {@code payara-server} profile. */
    public static PayaraServerDomain domain() {
        PayaraServerDomain running = domain;
        if (running == null) {
            throw new IllegalStateException("no Payara Server domain: run with -Ppayara-server");
        }
        return running;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String home = System.getProperty("payara.server.home");
        if (home == null || home.isBlank() || domain != null) {
            return;
        }
        try {
            domain = setUp(Path.of(home));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("payara.server.adminPort", String.valueOf(domain.adminPort()));
        System.setProperty("payara.server.adminPassword", domain.adminPassword());
        System.setProperty("payara.server.httpPort", String.valueOf(domain.httpPort()));
        // a killed test JVM still stops the server it started
        Runtime.getRuntime().addShutdownHook(new Thread(PayaraServerSession::tearDown, "payara-server-stop"));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        tearDown();
    }

    private static PayaraServerDomain setUp(Path home) throws IOException {
        Path config = Path.of(System.getProperty("switchboard.serverConfig", "server-config"));
        PayaraServerDomain created = PayaraServerDomain.create(home, Path.of("target", "payara-server"),
                "it-" + Long.toHexString(System.currentTimeMillis()));
        try {
            created.start(config.resolve("payara-server-loopback.asadmin"));
            // the checks read server.log from an offset: no rotation in the middle of a run
            created.asadmin("set-log-attributes", "com.sun.enterprise.server.logging.GFFileHandler.rotationLimitInBytes=0");
            created.asadmin("add-library", Path.of(System.getProperty("switchboard.idleTimersJar",
                    "target/switchboard-idle-timers.jar")).toAbsolutePath().toString());
            created.asadminFile(config.resolve("payara-server.asadmin"));
            created.systemProperties(new LinkedHashMap<>(SETTINGS));
            // A data grid of this domain's own, on ports of its own: another domain on the machine
            // never joins it. Discovery stays Payara's domain mode (TCP/IP to the domain
            // administration server and the nodes' addresses), under which a server alone is not
            // clustered and may run on the embedded database, as the other tests do.
            created.asadmin("set-hazelcast-configuration", "--clustername", "switchboard-" + created.name(),
                    "--dasport", String.valueOf(created.gridPort()), "--startport", String.valueOf(created.gridPort() + 1));
            created.restart();
            LOG.info(() -> "Payara Server domain up: admin port " + created.adminPort() + ", HTTP port " + created.httpPort());
            return created;
        } catch (RuntimeException e) {
            created.close();
            throw e;
        }
    }

    private static synchronized void tearDown() {
        PayaraServerDomain running = domain;
        domain = null;
        if (running != null) {
            running.close();
        }
    }
}
