package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin console as its users meet it over HTTP and WebSocket: the gate on {@code /admin/},
 * the live socket's snapshots, the tables paged and filtered by the server, and the audit log
 * that every admin and moderator action of the API writes (on H2, and on PostgreSQL in that pass).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminConsoleIT {

    private static final int PAGE = 5;
    private static final AtomicInteger NAMES = new AtomicInteger();
    // Names of users, keys and channels are new on every run: the PostgreSQL database outlives it.
    private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("console", Map.of(
                "switchboard.admin.max-page-size", String.valueOf(PAGE),
                "switchboard.admin.max-consoles", "3",
                "switchboard.admin.live-interval", "500ms"));
    }

    @ArquillianResource
    URL base;

    URI ws;
    URI live;

    @BeforeEach
    void uris() {
        ws = Deployments.wsUri(base);
        live = URI.create(ws.toString().replaceFirst("/ws$", "/admin/live"));
    }

    private Login.Credentials admin() {
        return Login.shared(ws, "admin");
    }

    // ---------------------------------------------------------------- the gate

    @Test
    void anAnonymousVisitorIsSentToTheLoginPage() {
        HttpResponse<String> response = Login.get(ws, "/admin/", null);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElse(""))
                .endsWith(URI.create(base.toString()).getPath().replaceAll("/$", "") + "/");
    }

    @Test
    void aPlainUserIsRefusedTheConsoleAndItsFilesWith403() {
        HttpResponse<String> page = Login.get(ws, "/admin/", Login.shared(ws, "alice"));
        HttpResponse<String> script = Login.get(ws, "/admin/admin.js", Login.shared(ws, "alice"));

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("needs the admin role").contains("alice");
        assertThat(script.statusCode()).isEqualTo(403);
    }

    @Test
    void anAdminGetsTheConsoleItsScriptAndTheChartLibrary() {
        HttpResponse<String> page = Login.get(ws, "/admin/", admin());
        HttpResponse<String> script = Login.get(ws, "/admin/admin.js", admin());
        HttpResponse<String> charts = Login.get(ws, "/webjars/uplot/1.6.30/dist/uPlot.esm.js", admin());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Switchboard admin</title>");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(charts.statusCode()).isEqualTo(200);
        assertThat(charts.body()).contains("export { uPlot as default }");
    }

    // ---------------------------------------------------------------- the live socket

    @Test
    void theLiveSocketAdmitsOnlyAnAdminFromTheServersOwnOrigin() {
        String path = live.getRawPath();
        assertThat(RawWebSocket.handshakeStatus("127.0.0.1", live.getPort(), path, List.of(),
                Login.anonymous(ws).headers())).isEqualTo(401);
        assertThat(RawWebSocket.handshakeStatus("127.0.0.1", live.getPort(), path, List.of(),
                Login.shared(ws, "alice").headers())).isEqualTo(403);
        Map<String, String> foreign = new LinkedHashMap<>(admin().headers());
        foreign.put("Origin", "http://evil.example:8080");
        assertThat(RawWebSocket.handshakeStatus("127.0.0.1", live.getPort(), path, List.of(), foreign)).isEqualTo(403);
        Map<String, String> forged = new LinkedHashMap<>(Login.shared(ws, "alice").headers());
        forged.put("X-Switchboard-Admin", "admin");
        assertThat(RawWebSocket.handshakeStatus("127.0.0.1", live.getPort(), path, List.of(), forged)).isEqualTo(403);
        assertThat(RawWebSocket.handshakeStatus("127.0.0.1", live.getPort(), path, List.of(), admin().headers())).isEqualTo(101);
    }

    @Test
    void theSnapshotsConnectionFigureFollowsClientsConnectingAndLeaving() {
        try (WsClient console = WsClient.connect(live, admin(), List.of(), List.of(), null)) {
            JsonObject first = console.next("snapshot");
            int before = first.getInt("connections");
            assertThat(first.getJsonArray("members")).hasSize(1);
            assertThat(first.getJsonArray("members").getJsonObject(0).getBoolean("self")).isTrue();
            assertThat(first).containsKeys("messagesInPerSecond", "messagesOutPerSecond", "latencyP50Seconds",
                    "latencyP99Seconds", "slowConsumerCloses", "rateLimitedFrames", "errorsByCode", "closesByCode");

            List<WsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(WsClient.connect(ws, Login.shared(ws, "bob")));
                }
                console.next(f -> "snapshot".equals(f.getString("type")) && f.getInt("connections") >= before + 3);
            } finally {
                clients.forEach(WsClient::close);
            }
            console.next(f -> "snapshot".equals(f.getString("type")) && f.getInt("connections") <= before);
        }
    }

    @Test
    void aConsoleBeyondTheCapIsClosedWith1013() throws Exception {
        List<RawWebSocket> consoles = new ArrayList<>();
        try {
            // One at a time, each until its first frame: a client sees its 101 before the server has
            // taken the socket in, so two opened at once may be taken in either order. A console of
            // an earlier test the server has not seen close yet may still count, so the refusal may
            // come sooner, never later.
            Integer refusedWith = null;
            int admitted = 0;
            for (int i = 0; i < 4 && refusedWith == null; i++) {
                RawWebSocket console = RawWebSocket.connect("127.0.0.1", live.getPort(), live.getRawPath(), List.of(),
                        admin().headers());
                consoles.add(console);
                RawWebSocket.Frame first = console.readFrame();
                if (first.opcode() == RawWebSocket.CLOSE) {
                    refusedWith = first.closeCode();
                } else {
                    assertThat(first.text()).contains("\"type\":\"snapshot\"");
                    admitted++;
                }
            }

            assertThat(refusedWith).as("a console beyond the cap of 3").isEqualTo(1013);
            assertThat(admitted).isLessThanOrEqualTo(3);
        } finally {
            consoles.forEach(RawWebSocket::close);
        }
    }

    @Test
    void aConsoleIsClosedWith4001WhenItsLoginEnds() {
        Login.Credentials own = Login.fresh(ws, "admin", Login.DEMO_PASSWORD);
        try (WsClient console = WsClient.connect(live, own, List.of(), List.of(), null)) {
            console.next("snapshot");

            assertThat(Login.post(ws, "/api/logout", "", own).statusCode()).isEqualTo(204);

            assertThat(console.awaitClose().getCloseCode().getCode()).isEqualTo(4001);
        }
    }

    @Test
    void anUnmaskedFrameOnTheLiveSocketClosesItWith1002() throws IOException {
        try (RawWebSocket console = RawWebSocket.connect("127.0.0.1", live.getPort(), live.getRawPath(), List.of(),
                admin().headers())) {
            console.sendFrame(true, 0, RawWebSocket.PING, false, "unmasked".getBytes(StandardCharsets.UTF_8));

            RawWebSocket.Closed closed = console.awaitClose();
            assertThat(closed.isCloseFrame()).as("a close frame, got %s", closed).isTrue();
            assertThat(closed.code()).as("%s", closed).isEqualTo(1002);
        }
    }

    // ---------------------------------------------------------------- tables

    @Test
    void connectionsArePagedAndFilteredOnTheServer() {
        String user = newUser();
        Login.Credentials as = Login.fresh(ws, user, "console-password");
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 7; i++) {
                clients.add(WsClient.connect(ws, as));
            }
            // The client sees the 101 before the server has registered the connection; a pong means it has.
            for (WsClient c : clients) {
                c.send("{\"type\":\"ping\"}");
                c.expect("pong");
            }
            JsonObject first = getObject("/api/admin/connections?filter=" + user.toUpperCase() + "&limit=1000");
            JsonObject second = getObject("/api/admin/connections?filter=" + user + "&offset=" + PAGE + "&limit=1000");

            assertThat(first.getInt("total")).isEqualTo(7);
            assertThat(first.getJsonArray("connections")).hasSize(PAGE);
            assertThat(second.getJsonArray("connections")).hasSize(2);
            Set<String> ids = new HashSet<>(ids(first));
            ids.addAll(ids(second));
            assertThat(ids).hasSize(7);
            JsonObject row = first.getJsonArray("connections").getJsonObject(0);
            assertThat(row.getString("user")).isEqualTo(user);
            assertThat(row.getString("address")).isEqualTo("127.0.0.1");
            assertThat(row.getString("origin")).isEqualTo(Login.origin(ws));
            assertThat(row.getJsonNumber("since").longValue()).isPositive();
            assertThat(row.getInt("channels")).isZero();
            assertThat(row.getJsonNumber("queuedBytes").longValue()).isNotNegative();
            assertThat(getObject("/api/admin/connections?filter=no-such-" + user).getInt("total")).isZero();
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void channelsArePagedAndFilteredByTheDatabaseWithSubscribersAndLastMessage() {
        String prefix = "console.paging" + RUN + "-" + NAMES.incrementAndGet() + ".";
        for (int i = 1; i <= 7; i++) {
            assertThat(publish(prefix + i).statusCode()).isEqualTo(201);
        }
        try (WsClient subscriber = WsClient.connect(ws, Login.shared(ws, "bob"))) {
            subscriber.send("{\"type\":\"subscribe\",\"channel\":\"" + prefix + "1\",\"id\":\"s\"}");
            subscriber.expect("subscribed");

            JsonObject first = getObject("/api/admin/channels?filter=" + prefix + "&limit=1000");
            JsonObject second = getObject("/api/admin/channels?filter=" + prefix + "&offset=" + PAGE);

            assertThat(first.getInt("total")).isEqualTo(7);
            assertThat(names(first.getJsonArray("channels"))).containsExactly(prefix + 1, prefix + 2, prefix + 3, prefix + 4, prefix + 5);
            assertThat(names(second.getJsonArray("channels"))).containsExactly(prefix + 6, prefix + 7);
            JsonObject row = first.getJsonArray("channels").getJsonObject(0);
            assertThat(row.getInt("subscribers")).isEqualTo(1);
            assertThat(row.getInt("seq")).isEqualTo(1);
            assertThat(row.getJsonNumber("lastMessage").longValue()).isPositive();
            assertThat(first.getJsonArray("channels").getJsonObject(1).getInt("subscribers")).isZero();
        }
    }

    @Test
    void theClusterTableListsThisInstanceAloneWithItsConnections() {
        JsonArray members = (JsonArray) get("/api/admin/cluster", admin());

        assertThat(members).hasSize(1);
        assertThat(members.getJsonObject(0).getBoolean("self")).isTrue();
        assertThat(members.getJsonObject(0).getInt("connections")).isNotNegative();
    }

    @Test
    void badPagingParametersAnswer400() {
        assertThat(Login.get(ws, "/api/admin/connections?offset=-1", admin()).statusCode()).isEqualTo(400);
        assertThat(Login.get(ws, "/api/admin/channels?limit=0", admin()).statusCode()).isEqualTo(400);
        assertThat(Login.get(ws, "/api/admin/audit?before=x", admin()).statusCode()).isEqualTo(400);
    }

    @Test
    void theTablesAndTheAuditLogAreForAdminsOnly() {
        for (String path : List.of("/api/admin/connections", "/api/admin/channels", "/api/admin/cluster", "/api/admin/audit")) {
            assertThat(Login.get(ws, path, Login.shared(ws, "mod")).statusCode()).as(path).isEqualTo(403);
            assertThat(Login.get(ws, path, null).statusCode()).as(path).isEqualTo(401);
        }
    }

    // ---------------------------------------------------------------- audit log

    @Test
    void everyAdminAndModeratorActionIsWrittenToTheAuditLogWithoutSecrets() {
        long start = System.currentTimeMillis();
        String user = newUser();
        String key = "console-key" + RUN + "-" + NAMES.incrementAndGet();
        String channel = "console.audit" + RUN + "-" + NAMES.incrementAndGet();

        assertThat(send("POST", "/api/admin/users/" + user + "/kick", null, admin()).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/admin/users/" + user + "/banned", "{\"banned\":true}", Login.shared(ws, "mod")).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/admin/users/" + user + "/banned", "{\"banned\":false}", admin()).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/admin/users/" + user + "/roles", "{\"roles\":[\"moderator\"]}", admin()).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/admin/users/" + user + "/password", "{\"password\":\"another-secret-9\"}", admin()).statusCode()).isEqualTo(204);
        assertThat(send("PUT", "/api/admin/users/" + user + "/disabled", "{\"disabled\":true}", admin()).statusCode()).isEqualTo(200);
        HttpResponse<String> issued = send("POST", "/api/admin/api-keys", "{\"name\":\"" + key + "\",\"roles\":[\"user\"]}", admin());
        assertThat(issued.statusCode()).isEqualTo(201);
        String keyValue = ((JsonObject) parse(issued.body())).getString("key");
        assertThat(send("DELETE", "/api/admin/api-keys/" + key, null, admin()).statusCode()).isEqualTo(204);
        assertThat(publish(channel).statusCode()).isEqualTo(201);
        assertThat(send("DELETE", "/api/channels/" + channel + "/messages/1", null, Login.shared(ws, "mod")).statusCode()).isEqualTo(204);
        assertThat(send("POST", "/api/channels/" + channel + "/reset", null, admin()).statusCode()).isEqualTo(200);

        List<JsonObject> rows = auditSince(start);
        assertThat(actions(rows, user)).containsExactly("user.create", "user.kick", "user.ban", "user.unban",
                "user.roles", "user.password", "user.disable");
        assertThat(actions(rows, key)).containsExactly("apikey.create", "apikey.revoke");
        assertThat(actions(rows, channel)).containsExactly("message.delete", "channel.reset");
        JsonObject ban = rows.stream().filter(r -> r.getString("target").equals(user) && r.getString("action").equals("user.ban"))
                .findFirst().orElseThrow();
        assertThat(ban.getString("actor")).isEqualTo("mod");
        assertThat(ban.getString("address")).isEqualTo("127.0.0.1");
        assertThat(ban.getJsonNumber("at").longValue()).isBetween(start - 1_000, System.currentTimeMillis() + 1_000);
        String all = rows.toString();
        assertThat(all).doesNotContain(keyValue).doesNotContain("console-password").doesNotContain("another-secret-9");
    }

    @Test
    void anActionThatFailsWritesNoAuditRow() {
        long start = System.currentTimeMillis();
        String missing = "console-nobody" + RUN + "-" + NAMES.incrementAndGet();

        assertThat(send("POST", "/api/admin/users/" + missing + "/kick", null, admin()).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/admin/users/admin/kick", null, Login.shared(ws, "mod")).statusCode()).isEqualTo(403);

        assertThat(actions(auditSince(start), missing)).isEmpty();
    }

    @Test
    void theAuditLogIsPagedNewestFirstByBefore() {
        for (int i = 0; i < PAGE + 1; i++) {
            newUser();
        }
        JsonArray first = (JsonArray) get("/api/admin/audit?limit=1000", admin());
        long last = first.getJsonObject(first.size() - 1).getJsonNumber("id").longValue();
        JsonArray second = (JsonArray) get("/api/admin/audit?before=" + last, admin());

        assertThat(first).hasSize(PAGE);
        List<Long> ids = new ArrayList<>();
        first.forEach(v -> ids.add(v.asJsonObject().getJsonNumber("id").longValue()));
        second.forEach(v -> ids.add(v.asJsonObject().getJsonNumber("id").longValue()));
        assertThat(second).isNotEmpty();
        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------- helpers

    /** A new user created by the admin (one audit row), with password console-password. */
    private String newUser() {
        String user = "console-user" + RUN + "-" + NAMES.incrementAndGet();
        HttpResponse<String> created = send("POST", "/api/admin/users",
                "{\"username\":\"" + user + "\",\"password\":\"console-password\",\"roles\":[\"user\"]}", admin());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return user;
    }

    private HttpResponse<String> publish(String channel) {
        return Login.post(ws, "/api/channels/" + channel + "/messages", "{\"data\":1}", Login.shared(ws, "alice"));
    }

    /** Every audit row written since {@code start}, oldest first, read a page at a time. */
    private List<JsonObject> auditSince(long start) {
        List<JsonObject> rows = new ArrayList<>();
        String before = null;
        while (true) {
            JsonArray page = (JsonArray) get("/api/admin/audit" + (before == null ? "" : "?before=" + before), admin());
            for (JsonValue v : page) {
                JsonObject row = v.asJsonObject();
                if (row.getJsonNumber("at").longValue() < start - 1_000) {
                    return reversed(rows);
                }
                rows.add(row);
            }
            if (page.size() < PAGE) {
                return reversed(rows);
            }
            before = String.valueOf(page.getJsonObject(page.size() - 1).getJsonNumber("id").longValue());
        }
    }

    private static List<JsonObject> reversed(List<JsonObject> rows) {
        List<JsonObject> copy = new ArrayList<>(rows);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static List<String> actions(List<JsonObject> rows, String target) {
        return rows.stream().filter(r -> r.getString("target").equals(target)).map(r -> r.getString("action")).toList();
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("connections").stream().map(v -> v.asJsonObject().getString("id")).toList();
    }

    private static List<String> names(JsonArray channels) {
        return channels.stream().map(v -> v.asJsonObject().getString("name")).collect(Collectors.toList());
    }

    private JsonObject getObject(String path) {
        return (JsonObject) get(path, admin());
    }

    private JsonStructure get(String path, Login.Credentials as) {
        HttpResponse<String> response = Login.get(ws, path, as);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return parse(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body, Login.Credentials as) {
        return Login.send(ws, path, as, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), method);
    }

    private static JsonStructure parse(String text) {
        return Json.createReader(new StringReader(text)).read();
    }
}
