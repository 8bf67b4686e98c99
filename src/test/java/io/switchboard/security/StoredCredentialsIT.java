package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.MicroServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the server keeps of credentials, read where an operator would find it: password hashes in
 * the database and refusals in the log. Runs its own Payara Micro process, twice, since the
 * embedded database can be read only once the server has stopped.
 */
class StoredCredentialsIT {

    private static final String PASSWORD = "carol-secret";

    @Test
    void aWeakerStoredHashIsRedoneAtTheNextLoginAndRefusalLogsShowNoUnknownNames() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("switchboard.data-dir", Path.of("target", "it-data", "stored-credentials-" + System.nanoTime())
                .toAbsolutePath().toString());
        String user = "carol" + Long.toString(System.nanoTime(), 36);

        settings.put("switchboard.password.iterations", "1000");
        try (MicroServer first = MicroServer.start("stored-credentials-1", settings)) {
            URI ws = first.wsUri();
            assertThat(Login.post(ws, "/api/admin/users", "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD
                    + "\",\"roles\":[\"user\"]}", Login.fresh(ws, "admin", "demo")).statusCode()).isEqualTo(201);

            // A password typed into the user-name field, and a name that would forge a log line.
            String typedPassword = "Tr0ub4dor&3-" + user;
            assertThat(Login.post(ws, "/api/login", "{\"username\":\"" + typedPassword + "\",\"password\":\"x\"}", null)
                    .statusCode()).isEqualTo(401);
            assertThat(Login.post(ws, "/api/login", "{\"username\":\"" + user + "\\r\\nSEVERE: forged\",\"password\":\"x\"}",
                    null).statusCode()).isEqualTo(401);
            assertThat(Login.post(ws, "/api/login", "{\"username\":\"" + user + "\",\"password\":\"wrong-one\"}", null)
                    .statusCode()).isEqualTo(401);
            first.close();
            String log = Files.readString(Path.of("target", "stored-credentials-1-micro.log"));
            assertThat(log).doesNotContain(typedPassword).doesNotContain("SEVERE: forged")
                    .contains("refused reason=\"login failed\" user=- address=127.0.0.1")
                    .contains("refused reason=\"login failed\" user=" + user + " address=127.0.0.1");
        }
        String weak = storedHash(settings, user);
        assertThat(weak).startsWith("PBKDF2WithHmacSHA256:1000:");

        settings.put("switchboard.password.iterations", "3000");
        try (MicroServer second = MicroServer.start("stored-credentials-2", settings)) {
            URI ws = second.wsUri();
            assertThat(Login.post(ws, "/api/login", "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}", null)
                    .statusCode()).isEqualTo(204);
            // Alone, the distributable WAR's sessions stay in memory: none is looked for in a data grid.
            assertThat(second.log()).doesNotContain("Hazelcast is not enabled");
        }
        String redone = storedHash(settings, user);
        assertThat(redone).startsWith("PBKDF2WithHmacSHA256:3000:").isNotEqualTo(weak);
        assertThat(new PasswordHasher("PBKDF2WithHmacSHA256", 3000).verify(PASSWORD.toCharArray(), redone)).isTrue();
    }

    /** The user's password hash as stored, read with the database settings the servers used. */
    private static String storedHash(Map<String, String> settings, String user) throws SQLException {
        Map<String, String> db = Deployments.testDefaults("stored-credentials");
        db.putAll(settings);
        String url = db.getOrDefault("switchboard.datasource.url",
                "jdbc:h2:file:" + db.get("switchboard.data-dir") + "/switchboard;MODE=LEGACY");
        try (Connection c = DriverManager.getConnection(url, db.getOrDefault("switchboard.datasource.user", "switchboard"),
                db.getOrDefault("switchboard.datasource.password", "switchboard"));
             PreparedStatement q = c.prepareStatement("SELECT password_hash FROM users WHERE username = ?")) {
            q.setString(1, user);
            try (ResultSet r = q.executeQuery()) {
                assertThat(r.next()).as("a row for " + user).isTrue();
                return r.getString(1);
            }
        }
    }
}
