package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Logins that survive a server restart through the SBLOGIN cookie, as a client sees them: the old
 * cookies work at once on the restarted server, for the API and the handshake; a login ended
 * before the restart (logout, ban, disable, role or password change) stays ended; a forged cookie
 * is anonymous. Runs its own Payara Micro processes: the same data directory (or PostgreSQL
 * database) and port, before and after the restart.
 */
class PersistentLoginIT {

    private static final String PASSWORD = "secret-1";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Test
    void aLoginSurvivesARestartUntilSomethingEndsIt() throws Exception {
        Map<String, String> settings = Map.of(
                "switchboard.data-dir", Path.of("target", "it-data", "persistent-login-" + System.nanoTime())
                        .toAbsolutePath().toString(),
                "switchboard.shutdown.drain-seconds", "2");
        int port;
        Login.Credentials alice;
        String aliceToken;
        String bobToken;
        Map<String, Login.Credentials> ended = new LinkedHashMap<>();
        try (MicroServer first = MicroServer.launch("persistent-login-1").settings(settings).heap("512m").start().awaitReady()) {
            port = first.port();
            URI ws = first.wsUri();
            HttpResponse<String> login = Login.post(ws, "/api/login", credentials("alice", Login.DEMO_PASSWORD), null);
            assertThat(login.statusCode()).isEqualTo(204);
            String cookie = setCookie(login, "SBLOGIN");
            assertThat(cookie).as(cookie).contains("; HttpOnly").contains("; SameSite=Lax").contains("; Path=/")
                    .contains("; Max-Age=604800").doesNotContain("Secure");
            assertThat(login.headers().allValues("Set-Cookie")).as("and the session cookie").anyMatch(c -> c.startsWith("JSESSIONID="));
            aliceToken = cookieValue(cookie);
            assertThat(aliceToken).matches("[A-Za-z0-9_-]{43}");
            alice = new Login.Credentials(cookies(login), Login.origin(ws));

            bobToken = cookieValue(setCookie(Login.post(ws, "/api/login", credentials("bob", Login.DEMO_PASSWORD), null), "SBLOGIN"));

            Login.Credentials admin = Login.fresh(ws, "admin", Login.DEMO_PASSWORD);
            String user = createUser(ws, admin);
            Login.Credentials session = Login.fresh(ws, user, PASSWORD);
            HttpResponse<String> logout = Login.post(ws, "/api/logout", "", session);
            assertThat(logout.statusCode()).isEqualTo(204);
            assertThat(setCookie(logout, "SBLOGIN")).as("the cookie is cleared").startsWith("SBLOGIN=;").contains("Max-Age=0");
            ended.put("logout", session);

            user = createUser(ws, admin);
            session = Login.fresh(ws, user, PASSWORD);
            change(ws, admin, "/api/admin/users/" + user + "/banned", "{\"banned\":true}");
            // lifted again: the login it ended stays ended
            change(ws, admin, "/api/admin/users/" + user + "/banned", "{\"banned\":false}");
            ended.put("ban", session);

            user = createUser(ws, admin);
            session = Login.fresh(ws, user, PASSWORD);
            change(ws, admin, "/api/admin/users/" + user + "/disabled", "{\"disabled\":true}");
            ended.put("disable", session);

            user = createUser(ws, admin);
            session = Login.fresh(ws, user, PASSWORD);
            change(ws, admin, "/api/admin/users/" + user + "/roles", "{\"roles\":[\"moderator\"]}");
            ended.put("role change", session);

            user = createUser(ws, admin);
            session = Login.fresh(ws, user, PASSWORD);
            change(ws, admin, "/api/admin/users/" + user + "/password", "{\"password\":\"secret-2\"}");
            // A password reset leaves the live session alone; it is no longer kept across a restart.
            ended.put("password change (cookie alone)", onlyLoginCookie(session, ws));

            user = createUser(ws, admin);
            session = Login.fresh(ws, user, PASSWORD);
            HttpResponse<String> other = Login.post(ws, "/api/login", credentials("mod", Login.DEMO_PASSWORD), session);
            assertThat(other.statusCode()).isEqualTo(204);
            assertThat(cookieValue(setCookie(other, "SBLOGIN"))).as("a token of the new login")
                    .isNotEqualTo(cookieValue(onlyLoginCookie(session, ws).cookie()));
            ended.put("login of another user in the same browser", session);

            ended.forEach((why, gone) -> assertThat(Login.get(ws, "/api/me", onlyLoginCookie(gone, ws)).statusCode())
                    .as("after the " + why).isEqualTo(401));
            forgedCookiesAreAnonymous(ws);
            assertThat(first.log()).as("every request came with its live session").doesNotContain("login.restored");

            first.terminate();
            assertThat(first.awaitExit(Duration.ofSeconds(60))).as("the first server stopped").isTrue();
        }

        try (MicroServer second = MicroServer.launch("persistent-login-2").settings(settings).heap("512m")
                .port(port).start().awaitReady()) {
            URI ws = second.wsUri();
            HttpResponse<String> me = Login.get(ws, "/api/me", alice);
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(me.body()).contains("\"username\":\"alice\"");
            assertThat(me.headers().allValues("Set-Cookie")).as("a new session").anyMatch(c -> c.startsWith("JSESSIONID="));
            try (WsClient c = WsClient.connect(ws, alice)) {
                SecurityIT.ready(c);
            }
            Login.Credentials cookieAlone = new Login.Credentials("SBLOGIN=" + aliceToken, Login.origin(ws));
            try (WsClient c = WsClient.connect(ws, cookieAlone)) {
                SecurityIT.ready(c);
            }
            assertThat(second.log()).contains("login.restored user=alice address=127.0.0.1").doesNotContain(aliceToken);

            for (Map.Entry<String, Login.Credentials> gone : ended.entrySet()) {
                assertThat(Login.get(ws, "/api/me", gone.getValue()).statusCode()).as("after the " + gone.getKey()).isEqualTo(401);
                assertThat(handshake(ws, gone.getValue())).as("handshake after the " + gone.getKey()).isEqualTo(401);
            }
            forgedCookiesAreAnonymous(ws);

            // The restored login ends with its logout: the cookie restores nothing any more.
            Login.Credentials restored = new Login.Credentials(cookieAlone.cookie() + "; " + cookies(me), Login.origin(ws));
            assertThat(Login.post(ws, "/api/logout", "", restored).statusCode()).isEqualTo(204);
            assertThat(Login.get(ws, "/api/me", cookieAlone).statusCode()).isEqualTo(401);
            assertThat(handshake(ws, cookieAlone)).isEqualTo(401);
        }
        assertThat(storedTokenHashes(settings)).as("only hashes are stored, and an ended login's are gone")
                .contains(sha256(bobToken)).doesNotContain(bobToken).doesNotContain(sha256(aliceToken));
    }

    /** An unknown token and malformed ones: 401 and the cookie cleared, the handshake refused, never a 500. */
    private static void forgedCookiesAreAnonymous(URI ws) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        List<String> forged = new ArrayList<>(List.of(Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                "not-a-token", "A".repeat(42) + ".", "A".repeat(2000)));
        for (String value : forged) {
            Login.Credentials as = new Login.Credentials("SBLOGIN=" + value, Login.origin(ws));
            HttpResponse<String> me = Login.get(ws, "/api/me", as);
            assertThat(me.statusCode()).as("SBLOGIN=" + value).isEqualTo(401);
            assertThat(setCookie(me, "SBLOGIN")).as("cleared: SBLOGIN=" + value).startsWith("SBLOGIN=;").contains("Max-Age=0");
            assertThat(handshake(ws, as)).as("handshake with SBLOGIN=" + value).isEqualTo(401);
        }
    }

    private static int handshake(URI ws, Login.Credentials as) {
        return RawWebSocket.handshakeStatus(ws.getHost(), ws.getPort(), ws.getRawPath(), List.of(WsClient.V1), as.headers());
    }

    private static String createUser(URI ws, Login.Credentials admin) {
        String name = "p" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
        HttpResponse<String> created = Login.post(ws, "/api/admin/users",
                "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"user\"]}", admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private static void change(URI ws, Login.Credentials admin, String path, String body) {
        HttpResponse<String> r = Login.send(ws, path, admin, java.net.http.HttpRequest.BodyPublishers.ofString(body), "PUT");
        assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(200, 204);
    }

    /** The login cookie of {@code session} without its session cookies, as after a restart. */
    private static Login.Credentials onlyLoginCookie(Login.Credentials session, URI ws) {
        for (String part : session.cookie().split(";")) {
            if (part.trim().startsWith("SBLOGIN=")) {
                return new Login.Credentials(part.trim(), Login.origin(ws));
            }
        }
        throw new AssertionError("no SBLOGIN in " + session.cookie());
    }

    private static String setCookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + response.headers().allValues("Set-Cookie")));
    }

    private static String cookieValue(String setCookie) {
        return setCookie.split(";", 2)[0].substring(setCookie.indexOf('=') + 1);
    }

    /** The cookies a response sets, as a browser sends them back. */
    private static String cookies(HttpResponse<String> response) {
        return String.join("; ", response.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).toList());
    }

    private static String credentials(String user, String password) {
        return "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every stored token_hash, read once the servers have stopped (the embedded database is then free). */
    private static List<String> storedTokenHashes(Map<String, String> settings) throws Exception {
        Map<String, String> db = Deployments.testDefaults("persistent-login");
        db.putAll(settings);
        String url = db.getOrDefault("switchboard.datasource.url",
                "jdbc:h2:file:" + db.get("switchboard.data-dir") + "/switchboard;MODE=LEGACY");
        List<String> hashes = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, db.getOrDefault("switchboard.datasource.user", "switchboard"),
                db.getOrDefault("switchboard.datasource.password", "switchboard"));
             PreparedStatement q = c.prepareStatement("SELECT token_hash FROM login_tokens");
             ResultSet r = q.executeQuery()) {
            while (r.next()) {
                hashes.add(r.getString(1));
            }
        }
        return hashes;
    }
}
