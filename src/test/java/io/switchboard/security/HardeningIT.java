package io.switchboard.security;

import static io.switchboard.security.SecurityIT.assertJsonError;
import static io.switchboard.security.SecurityIT.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The holes the security review found, each pinned by a test that failed before its fix. The
 * server hashes passwords with the production parameters here, so parallel logins overlap as they
 * would in production. Every test that changes state works on users and keys of its own.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HardeningIT {

    private static final String FOREIGN_ORIGIN = "http://evil.example:8080";
    private static final int PER_USER = 20;
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("hardening", Map.of(
                "switchboard.password.iterations", "600000",
                "switchboard.connections.max-per-user", String.valueOf(PER_USER)));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    // ---------------------------------------------------------------- 1: revoked keys

    @Test
    void revokedKeyIsRefusedOnTheNextRequestAndBearerRequestsNeverGetASession() throws Exception {
        String name = uniqueName();
        String key = createKey(name, "admin");
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + key);

        HttpResponse<String> me = http("GET", "/api/me", null, bearer);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.headers().allValues("Set-Cookie")).as("no session for a key").isEmpty();
        HttpResponse<String> created = http("POST", "/api/admin/users", newUser(uniqueName(), "user"), bearer);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().allValues("Set-Cookie")).as("no session for a key").isEmpty();
        RawWebSocket socket = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(), List.of(WsClient.V1),
                Map.of("Authorization", "Bearer " + key, "Origin", Login.origin(ws)));
        try {
            assertThat(socket.handshake().header("Set-Cookie")).isNull();
            // The 101 is written before the server registers the socket; an answer on it shows it has.
            socket.sendText("{\"type\":\"ping\"}");
            assertThat(socket.readText()).contains("pong");

            assertThat(Login.send(ws, "/api/admin/api-keys/" + name, Login.shared(ws, "admin"),
                    HttpRequest.BodyPublishers.noBody(), "DELETE").statusCode()).isEqualTo(204);

            assertJsonError(status(401, http("GET", "/api/me", null, bearer)), "unauthorized");
            assertJsonError(status(401, http("POST", "/api/admin/users", newUser(uniqueName(), "admin"), bearer)),
                    "unauthorized");
            assertThat(socket.awaitClose().code()).isEqualTo(4003);
        } finally {
            socket.close();
        }
    }

    @Test
    void aSocketOpeningWhileItsKeyIsRevokedIsClosedToo() throws Exception {
        // No wait between the 101 and the revocation: the server may register the socket after
        // the revocation's close has run, and must close it then.
        Login.Credentials admin = Login.shared(ws, "admin");
        for (int round = 0; round < 20; round++) {
            String name = uniqueName();
            String key = createKey(name, "user");
            try (RawWebSocket socket = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(),
                    List.of(WsClient.V1), Map.of("Authorization", "Bearer " + key, "Origin", Login.origin(ws)))) {
                assertThat(Login.send(ws, "/api/admin/api-keys/" + name, admin,
                        HttpRequest.BodyPublishers.noBody(), "DELETE").statusCode()).isEqualTo(204);
                assertThat(socket.awaitClose().code()).as("round %d", round).isEqualTo(4003);
            }
        }
    }

    // ---------------------------------------------------------------- 2: login

    @Test
    void loginWithAnotherUsersSessionStillChecksThePasswordAndCountsTheFailure() {
        String victim = createUser("user");
        Login.Credentials alice = Login.fresh(ws, "alice", "demo");
        for (int i = 0; i < 5; i++) {
            assertJsonError(status(401, Login.post(ws, "/api/login", credentials(victim, "wrong-" + i), alice)),
                    "invalid_credentials");
        }
        assertJsonError(status(429, Login.post(ws, "/api/login", credentials(victim, "secret-1"), alice)),
                "too_many_attempts");
        assertThat(json(Login.get(ws, "/api/me", alice).body()).getString("username")).isEqualTo("alice");
    }

    @Test
    void loginAsAnotherUserGetsANewSessionAndEndsTheOldLoginWithItsSockets() {
        Login.Credentials alice = Login.fresh(ws, "alice", "demo");
        try (WsClient socket = WsClient.connect(ws, alice)) {
            SecurityIT.ready(socket);

            HttpResponse<String> asBob = Login.post(ws, "/api/login", credentials("bob", "demo"), alice);

            assertThat(asBob.statusCode()).isEqualTo(204);
            String bobCookie = sessionCookie(asBob).orElseThrow(() -> new AssertionError("no new session cookie"));
            assertThat(sessionCookieOf(bobCookie)).isNotEqualTo(sessionCookieOf(alice.cookie()));
            assertThat(socket.awaitClose().getCloseCode().getCode()).isEqualTo(4001);
            assertJsonError(status(401, Login.get(ws, "/api/me", alice)), "unauthorized");
            Login.Credentials bob = new Login.Credentials(bobCookie, Login.origin(ws));
            assertThat(json(Login.get(ws, "/api/me", bob).body()).getString("username")).isEqualTo("bob");
        }
    }

    @Test
    void loginAgainAsTheSameUserChangesTheSessionIdAndKeepsTheSockets() {
        Login.Credentials alice = Login.fresh(ws, "alice", "demo");
        try (WsClient socket = WsClient.connect(ws, alice)) {
            SecurityIT.ready(socket);

            HttpResponse<String> again = Login.post(ws, "/api/login", credentials("alice", "demo"), alice);

            assertThat(again.statusCode()).isEqualTo(204);
            String renewed = sessionCookie(again).orElseThrow(() -> new AssertionError("no new session id"));
            assertThat(sessionCookieOf(renewed)).isNotEqualTo(sessionCookieOf(alice.cookie()));
            assertThat(Login.get(ws, "/api/me", alice).statusCode()).as("the old id").isEqualTo(401);
            assertThat(Login.get(ws, "/api/me", new Login.Credentials(renewed, Login.origin(ws))).statusCode())
                    .isEqualTo(200);
            SecurityIT.ready(socket);
        }
    }

    // ---------------------------------------------------------------- 3: Origin and content type

    @Test
    void stateChangingRequestsFromAForeignOriginAreRefusedWhateverTheContentType() {
        Login.Credentials admin = Login.shared(ws, "admin");
        String eve = uniqueName();
        String target = createUser("user");
        List<String[]> requests = List.of(
                new String[] {"POST", "/api/admin/users", newUser(eve, "admin")},
                new String[] {"PUT", "/api/admin/users/" + target + "/roles", "{\"roles\":[\"admin\"]}"},
                new String[] {"PUT", "/api/admin/users/" + target + "/password", "{\"password\":\"pwned-1234\"}"},
                new String[] {"POST", "/api/admin/users/" + target + "/kick", null},
                new String[] {"POST", "/api/admin/api-keys", "{\"name\":\"" + uniqueName() + "\",\"roles\":[\"admin\"]}"},
                new String[] {"DELETE", "/api/admin/api-keys/nobody", null},
                new String[] {"POST", "/api/channels/lobby/reset", null},
                new String[] {"POST", "/api/logout", null});
        for (String[] r : requests) {
            for (String origin : new String[] {FOREIGN_ORIGIN, null}) {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Cookie", admin.cookie());
                headers.put("Content-Type", "text/plain");
                if (origin != null) {
                    headers.put("Origin", origin);
                }
                assertJsonError(status(403, http(r[0], r[1], r[2], headers)), "forbidden_origin");
            }
        }
        assertThat(Login.get(ws, "/api/admin/users", admin).body()).doesNotContain(eve);
        assertThat(json(Login.get(ws, "/api/me", admin).body()).getString("username")).isEqualTo("admin");
    }

    @Test
    void jsonEndpointsAnswer415ToOtherContentTypes() {
        Login.Credentials admin = Login.shared(ws, "admin");
        String target = createUser("user");
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            Map<String, String> headers = Map.of("Cookie", admin.cookie(), "Origin", Login.origin(ws), "Content-Type", type);
            assertJsonError(status(415, http("POST", "/api/admin/users", newUser(uniqueName(), "user"), headers)),
                    "unsupported_media_type");
            assertJsonError(status(415, http("PUT", "/api/admin/users/" + target + "/password",
                    "{\"password\":\"other-secret\"}", headers)), "unsupported_media_type");
            assertJsonError(status(415, http("POST", "/api/login", credentials("alice", "demo"),
                    Map.of("Origin", Login.origin(ws), "Content-Type", type))), "unsupported_media_type");
        }
        Map<String, String> json = Map.of("Cookie", admin.cookie(), "Origin", Login.origin(ws),
                "Content-Type", "application/json; charset=UTF-8");
        assertThat(http("POST", "/api/admin/users", newUser(uniqueName(), "user"), json).statusCode()).isEqualTo(201);
    }

    @Test
    void unknownPathsAndMethodsUnderTheApiAnswerWithAJsonError() {
        Login.Credentials admin = Login.shared(ws, "admin");
        assertJsonError(status(404, Login.get(ws, "/api/no-such-thing", admin)), "not_found");
        HttpResponse<String> patch = Login.send(ws, "/api/admin/users", admin, HttpRequest.BodyPublishers.ofString("{}"),
                "PATCH");
        assertJsonError(status(405, patch), "method_not_allowed");
    }

    // ---------------------------------------------------------------- 4: body limits

    @Test
    void aBodyDeclaredOverTheLimitIs413BeforeItIsSent() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(ws.getHost(), ws.getPort(), null, "POST " + context()
                + "/api/login HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort() + "\r\nOrigin: " + Login.origin(ws)
                + "\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n", new byte[0]);
        assertThat(answer.status()).as(answer.head()).isEqualTo(413);
        assertThat(json(answer.body()).getString("error")).isEqualTo("payload_too_large");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws IOException {
        byte[] chunk = ("10000\r\n" + "a".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[chunk.length * 2];
        System.arraycopy(chunk, 0, body, 0, chunk.length);
        System.arraycopy(chunk, 0, body, chunk.length, chunk.length);
        RawHttp.Answer answer = RawHttp.exchange(ws.getHost(), ws.getPort(), null, "POST " + context()
                + "/api/login HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort() + "\r\nOrigin: " + Login.origin(ws)
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", body);
        assertThat(answer.status()).as(answer.head()).isEqualTo(413);
        assertThat(json(answer.body()).getString("error")).isEqualTo("payload_too_large");
    }

    @Test
    void jsonBodiesNestedDeeperThanTheLimitAre400() {
        String deep = "[".repeat(100) + "]".repeat(100);
        HttpResponse<String> publish = Login.post(ws, "/api/channels/deep/messages", "{\"data\":" + deep + "}",
                Login.shared(ws, "alice"));
        assertJsonError(status(400, publish), "bad_json");
        assertThat(json(Login.get(ws, "/api/channels/deep/messages", Login.shared(ws, "alice")).body())
                .getJsonArray("messages")).isEmpty();
    }

    // ---------------------------------------------------------------- 5: the lockout race

    @Test
    void parallelWrongLoginsGetNoMoreGuessesThanTheLimit() throws Exception {
        String user = createUser("user");
        List<Integer> statuses = inParallel(20, i -> Login.post(ws, "/api/login", credentials(user, "guess-" + i), null)
                .statusCode());
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(15);
    }

    // ---------------------------------------------------------------- 6: passwords

    @Test
    void newPasswordsNeedEightCharacters() {
        Login.Credentials admin = Login.shared(ws, "admin");
        String name = uniqueName();
        assertJsonError(status(400, Login.post(ws, "/api/admin/users",
                "{\"username\":\"" + name + "\",\"password\":\"7-chars\",\"roles\":[\"user\"]}", admin)), "bad_request");
        assertThat(Login.post(ws, "/api/admin/users",
                "{\"username\":\"" + name + "\",\"password\":\"8-chars!\",\"roles\":[\"user\"]}", admin).statusCode())
                .isEqualTo(201);
        assertJsonError(status(400, Login.send(ws, "/api/admin/users/" + name + "/password", admin,
                HttpRequest.BodyPublishers.ofString("{\"password\":\"short\"}"), "PUT")), "bad_request");
        assertThat(Login.post(ws, "/api/login", credentials(name, "8-chars!"), null).statusCode()).isEqualTo(204);
    }

    // ---------------------------------------------------------------- 10: connection caps

    @Test
    void parallelHandshakesCannotExceedTheConnectionCaps() throws Exception {
        String user = createUser("user");
        Map<String, String> headers = Login.fresh(ws, user, "secret-1").headers();
        List<RawWebSocket> open = new ArrayList<>();
        try {
            List<Optional<RawWebSocket>> results = inParallel(50, i -> {
                try {
                    return Optional.of(RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(),
                            List.of(WsClient.V1), headers));
                } catch (IllegalStateException refused) {
                    assertThat(refused.getMessage()).contains("429");
                    return Optional.empty();
                }
            });
            results.forEach(r -> r.ifPresent(open::add));
            assertThat(open).hasSize(PER_USER);
        } finally {
            open.forEach(RawWebSocket::close);
        }
    }

    // ---------------------------------------------------------------- 11: kick

    @Test
    void aModeratorCannotKickAnAdminKeyAndKickingAnUnknownNameIs404() throws IOException {
        String name = uniqueName();
        String key = createKey(name, "admin");
        RawWebSocket service = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(), List.of(WsClient.V1),
                Map.of("Authorization", "Bearer " + key, "Origin", Login.origin(ws)));
        try {
            Login.Credentials mod = Login.shared(ws, "mod");
            assertJsonError(status(403, Login.post(ws, "/api/admin/users/" + name + "/kick", "", mod)), "forbidden");
            assertJsonError(status(404, Login.post(ws, "/api/admin/users/" + uniqueName() + "/kick", "", mod)),
                    "not_found");
            service.sendText("{\"type\":\"ping\",\"id\":\"still-here\"}");
            assertThat(service.readText()).contains("still-here");

            String userKey = uniqueName();
            createKey(userKey, "user");
            assertThat(Login.post(ws, "/api/admin/users/" + userKey + "/kick", "", mod).statusCode()).isEqualTo(200);
        } finally {
            service.close();
        }
    }

    // ---------------------------------------------------------------- 12: deleting needs the read right

    @Test
    void deletingAMessageNeedsTheReadRightInItsChannel() {
        String channel = "admin." + uniqueName();
        HttpResponse<String> published = Login.post(ws, "/api/channels/" + channel + "/messages",
                "{\"data\":\"secret\"}", Login.shared(ws, "admin"));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);

        HttpResponse<String> byMod = Login.send(ws, "/api/channels/" + channel + "/messages/1", Login.shared(ws, "mod"),
                HttpRequest.BodyPublishers.noBody(), "DELETE");
        assertJsonError(status(403, byMod), "forbidden");
        HttpResponse<String> probe = Login.send(ws, "/api/channels/" + channel + "/messages/99", Login.shared(ws, "mod"),
                HttpRequest.BodyPublishers.noBody(), "DELETE");
        assertJsonError(status(403, probe), "forbidden");
        assertThat(json(Login.get(ws, "/api/channels/" + channel + "/messages", Login.shared(ws, "admin")).body())
                .getJsonArray("messages").getJsonObject(0).getString("data")).isEqualTo("secret");
    }

    // ---------------------------------------------------------------- 14: one namespace

    @Test
    void usersAndApiKeysShareOneNamespace() {
        Login.Credentials admin = Login.shared(ws, "admin");
        String user = createUser("user");
        assertJsonError(status(409, Login.post(ws, "/api/admin/api-keys",
                "{\"name\":\"" + user + "\",\"roles\":[\"user\"]}", admin)), "exists");
        String keyName = uniqueName();
        createKey(keyName, "user");
        assertJsonError(status(409, Login.post(ws, "/api/admin/users", newUser(keyName, "user"), admin)), "exists");
    }

    // ---------------------------------------------------------------- helpers

    private String createUser(String role) {
        String name = uniqueName();
        HttpResponse<String> created = Login.post(ws, "/api/admin/users", newUser(name, role), Login.shared(ws, "admin"));
        assertThat(created.statusCode()).as("creating " + name + ": " + created.body()).isEqualTo(201);
        return name;
    }

    private String createKey(String name, String role) {
        HttpResponse<String> created = Login.post(ws, "/api/admin/api-keys",
                "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}", Login.shared(ws, "admin"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).getString("key");
    }

    private static String newUser(String name, String role) {
        return "{\"username\":\"" + name + "\",\"password\":\"secret-1\",\"roles\":[\"" + role + "\"]}";
    }

    private static String uniqueName() {
        return "h" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
    }

    private static String credentials(String user, String password) {
        return "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
    }

    /**
     * The cookies a response sets, as a browser would send them back, when one is a session id. Every
     * one of them: with session replication the container also sets JSESSIONIDVERSION and may not
     * find the session without it.
     */
    private static Optional<String> sessionCookie(HttpResponse<String> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).toList();
        return cookies.stream().anyMatch(c -> c.startsWith("JSESSIONID=")) ? Optional.of(String.join("; ", cookies))
                : Optional.empty();
    }

    private static String sessionCookieOf(String cookies) {
        for (String part : cookies.split(";")) {
            if (part.trim().startsWith("JSESSIONID=")) {
                return part.trim();
            }
        }
        throw new AssertionError("no session cookie in " + cookies);
    }

    /** The deployment's context path, before {@code /api}. */
    private String context() {
        return ws.getRawPath().substring(0, ws.getRawPath().length() - "/ws".length());
    }

    /** A request with exactly {@code headers} (no Origin or Content-Type unless given); {@code body} null means none. */
    private HttpResponse<String> http(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Login.origin(ws) + context() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private interface Task<T> {
        T run(int i) throws Exception;
    }

    /** Runs {@code n} tasks at once (released together) and returns their results in order. */
    private static <T> List<T> inParallel(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonObject json(String text) {
        return SecurityIT.json(text);
    }
}
