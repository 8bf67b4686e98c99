package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Logins, sessions, Origin checks, API keys, channel rules and the admin API, as a client sees
 * them, on a server with the default security settings. Every test that changes a user's state
 * works on a user of its own, created through the admin API.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecurityIT {

    private static final String FOREIGN_ORIGIN = "http://evil.example:8080";
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("security", Map.of());
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    // ---------------------------------------------------------------- login, logout, me

    @Test
    void loginAnswers204WithAnHttpOnlySameSiteLaxSessionCookie() {
        HttpResponse<String> response = Login.post(ws, "/api/login", credentials("alice", "demo"), null);

        assertThat(response.statusCode()).isEqualTo(204);
        List<String> sessionCookies = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).toList();
        assertThat(sessionCookies).as(response.headers().allValues("Set-Cookie").toString()).isNotEmpty();
        for (String cookie : sessionCookies) {
            assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        }
    }

    @Test
    void wrongPasswordIs401WithAJsonError() {
        HttpResponse<String> response = Login.post(ws, "/api/login", credentials("alice", "not-demo"), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertJsonError(response, "invalid_credentials");
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
    }

    @Test
    void meNamesTheLoggedInUserAndTheirRoles() {
        Login.Credentials alice = Login.fresh(ws, "alice", "demo");

        HttpResponse<String> me = Login.get(ws, "/api/me", alice);

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me.body())).isEqualTo(json("{\"username\":\"alice\",\"roles\":[\"user\"]}"));
    }

    @Test
    void meWithoutASessionIs401() {
        HttpResponse<String> me = Login.get(ws, "/api/me", Login.anonymous(ws));

        assertThat(me.statusCode()).isEqualTo(401);
        assertJsonError(me, "unauthorized");
    }

    @Test
    void logoutEndsTheSession() {
        Login.Credentials alice = Login.fresh(ws, "alice", "demo");
        assertThat(Login.get(ws, "/api/me", alice).statusCode()).isEqualTo(200);

        assertThat(Login.post(ws, "/api/logout", "", alice).statusCode()).isEqualTo(204);

        HttpResponse<String> me = Login.get(ws, "/api/me", alice);
        assertThat(me.statusCode()).isEqualTo(401);
        assertJsonError(me, "unauthorized");
    }

    @Test
    void fiveFailedLoginsLockTheUserOutOfThatAddressWith429EvenWithTheRightPassword() {
        String user = createUser("user");
        for (int i = 0; i < 5; i++) {
            assertThat(Login.post(ws, "/api/login", credentials(user, "wrong-" + i), null).statusCode())
                    .as("failed login " + (i + 1)).isEqualTo(401);
        }

        HttpResponse<String> sixth = Login.post(ws, "/api/login", credentials(user, "secret-1"), null);

        assertThat(sixth.statusCode()).isEqualTo(429);
        assertJsonError(sixth, "too_many_attempts");
        assertThat(sixth.headers().firstValue("Retry-After")).hasValueSatisfying(
                v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(sixth.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
        // Only that user is locked out: another one logs in from the same address.
        assertThat(Login.post(ws, "/api/login", credentials("alice", "demo"), null).statusCode()).isEqualTo(204);
    }

    @Test
    void loginFromAForeignOriginIs403() {
        HttpResponse<String> response = http("POST", "/api/login", credentials("alice", "demo"),
                Map.of("Origin", FOREIGN_ORIGIN));

        assertThat(response.statusCode()).isEqualTo(403);
        assertJsonError(response, "forbidden_origin");
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
    }

    @Test
    void loginWithoutOriginIs403ByDefault() {
        HttpResponse<String> response = http("POST", "/api/login", credentials("alice", "demo"), Map.of());

        assertThat(response.statusCode()).isEqualTo(403);
        assertJsonError(response, "forbidden_origin");
    }

    @Test
    void badJsonBodiesAre400WithAJsonError() {
        Login.Credentials admin = Login.shared(ws, "admin");

        assertJsonError(status(400, Login.post(ws, "/api/login", "{not json", null)), "bad_json");
        assertJsonError(status(400, Login.post(ws, "/api/login", "[\"alice\",\"demo\"]", null)), "bad_json");
        assertJsonError(status(400, Login.post(ws, "/api/login", "", null)), null);
        assertJsonError(status(400, Login.post(ws, "/api/login", "{\"username\":\"alice\"}", null)), "bad_request");
        assertJsonError(status(400, Login.post(ws, "/api/login", "{\"username\":\"alice\",\"password\":7}", null)),
                "bad_request");

        assertJsonError(status(400, Login.post(ws, "/api/admin/users", "{oops", admin)), "bad_json");
        assertJsonError(status(400, Login.post(ws, "/api/admin/users",
                "{\"username\":\"has space\",\"password\":\"secret-1\",\"roles\":[\"user\"]}", admin)), "bad_request");
        assertJsonError(status(400, Login.post(ws, "/api/admin/users",
                "{\"username\":\"" + uniqueName() + "\",\"password\":\"secret-1\",\"roles\":[\"root\"]}", admin)),
                "bad_request");
        assertJsonError(status(400, Login.post(ws, "/api/admin/users",
                "{\"username\":\"" + uniqueName() + "\",\"password\":\"secret-1\",\"roles\":[]}", admin)), "bad_request");
        assertJsonError(status(400, put("/api/admin/users/bob/disabled", "{\"disabled\":\"yes\"}", admin)),
                "bad_request");
        assertJsonError(status(400, put("/api/admin/users/bob/roles", "not json at all", admin)), "bad_json");
        assertJsonError(status(400, Login.post(ws, "/api/admin/api-keys", "{\"name\":\"k\"}", admin)), "bad_request");
        // None of it changed bob.
        assertThat(Login.post(ws, "/api/login", credentials("bob", "demo"), null).statusCode()).isEqualTo(204);
    }

    // ---------------------------------------------------------------- handshake checks

    @Test
    void handshakeWithoutASessionIs401WithAJsonError() {
        Answer answer = upgrade(ws, "", Login.anonymous(ws).headers());

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.json().getString("error")).isEqualTo("unauthorized");
        assertThat(answer.json().getString("message")).isNotBlank();
    }

    @Test
    void handshakeWithASessionButAForeignOriginIs403() {
        Map<String, String> headers = new LinkedHashMap<>(Login.fresh(ws, "alice", "demo").headers());
        headers.put("Origin", FOREIGN_ORIGIN);

        Answer answer = upgrade(ws, "", headers);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.json().getString("error")).isEqualTo("forbidden_origin");
    }

    @Test
    void handshakeWithoutOriginIs403ByDefault() {
        Map<String, String> headers = new LinkedHashMap<>(Login.fresh(ws, "alice", "demo").headers());
        headers.remove("Origin");

        Answer answer = upgrade(ws, "", headers);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.json().getString("error")).isEqualTo("forbidden_origin");
    }

    @Test
    void credentialsInTheQueryStringAre401EvenWithAValidSession() {
        Map<String, String> headers = Login.fresh(ws, "alice", "demo").headers();
        // The same headers are accepted without the query string.
        assertThat(RawWebSocket.handshakeStatus(ws.getHost(), ws.getPort(), ws.getRawPath(),
                List.of(WsClient.V1), headers)).isEqualTo(101);

        for (String query : List.of("?token=abc", "?access_token=abc", "?api_key=abc")) {
            Answer answer = upgrade(ws, query, headers);
            assertThat(answer.status()).as(query + ": " + answer).isEqualTo(401);
            assertThat(answer.json().getString("error")).isEqualTo("unauthorized");
        }
    }

    // ---------------------------------------------------------------- API keys

    @Test
    void apiKeyClientConnectsWithABearerHeaderAndPublishesAsTheKeyName() throws IOException {
        String name = "svc-x";
        HttpResponse<String> created = Login.post(ws, "/api/admin/api-keys",
                "{\"name\":\"" + name + "\",\"roles\":[\"user\"]}", Login.fresh(ws, "admin", "demo"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject issued = json(created.body());
        assertThat(issued.getString("name")).isEqualTo(name);
        String key = issued.getString("key");
        assertThat(key).isNotBlank();

        String channel = "svc." + uniqueName();
        try (WsClient subscriber = WsClient.connect(ws, Login.fresh(ws, "alice", "demo"))) {
            subscribe(subscriber, channel);
            RawWebSocket service = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(),
                    List.of(WsClient.V1), Map.of("Authorization", "Bearer " + key, "Origin", Login.origin(ws)));
            try {
                service.sendText("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":{\"n\":1},\"id\":\"k1\"}");
                JsonObject ack = nextOfType(service, "ack");
                assertThat(ack.getString("type")).as(ack.toString()).isEqualTo("ack");
                assertThat(ack.getString("id")).isEqualTo("k1");

                JsonObject message = subscriber.next("message");
                assertThat(message.getString("channel")).isEqualTo(channel);
                assertThat(message.getString("from")).isEqualTo(name);
                assertThat(message.getJsonObject("data").getInt("n")).isEqualTo(1);
            } finally {
                service.close();
            }
        }
    }

    @Test
    void wrongApiKeyIs401() {
        Answer answer = upgrade(ws, "", Map.of("Authorization", "Bearer sbk_not-a-real-key", "Origin", Login.origin(ws)));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.json().getString("error")).isEqualTo("unauthorized");
    }

    // ---------------------------------------------------------------- identity and channel rules

    @Test
    void fromIsTheSendersUserName() {
        String channel = "room." + uniqueName();
        try (WsClient bob = WsClient.connect(ws, Login.fresh(ws, "bob", "demo"));
             WsClient alice = WsClient.connect(ws, Login.fresh(ws, "alice", "demo"))) {
            subscribe(bob, channel);
            alice.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":\"hi\",\"id\":\"a1\"}");
            assertThat(alice.next("ack").getString("id")).isEqualTo("a1");

            JsonObject message = bob.next("message");
            assertThat(message.getString("from")).isEqualTo("alice");
            assertThat(message.getString("data")).isEqualTo("hi");
        }
    }

    @Test
    void userMayNotPublishInAnnounceButTheConnectionStaysUsable() {
        try (WsClient alice = WsClient.connect(ws, Login.fresh(ws, "alice", "demo"))) {
            alice.send("{\"type\":\"publish\",\"channel\":\"announce.news\",\"data\":\"x\",\"id\":\"p1\"}");
            assertError(alice.next(), "forbidden", "p1");

            alice.send("{\"type\":\"ping\",\"id\":\"still-here\"}");
            JsonObject pong = alice.next();
            assertThat(pong.getString("type")).isEqualTo("pong");
            assertThat(pong.getString("id")).isEqualTo("still-here");
        }
    }

    @Test
    void moderatorMayPublishInAnnounceAndUsersReceiveIt() {
        try (WsClient alice = WsClient.connect(ws, Login.fresh(ws, "alice", "demo"));
             WsClient mod = WsClient.connect(ws, Login.fresh(ws, "mod", "demo"))) {
            subscribe(alice, "announce.news");
            mod.send("{\"type\":\"publish\",\"channel\":\"announce.news\",\"data\":\"release\",\"id\":\"m1\"}");
            JsonObject ack = mod.next();
            assertThat(ack.getString("type")).as(ack.toString()).isEqualTo("ack");
            assertThat(ack.getString("id")).isEqualTo("m1");

            JsonObject message = alice.next("message");
            assertThat(message.getString("from")).isEqualTo("mod");
            assertThat(message.getString("data")).isEqualTo("release");
        }
    }

    @Test
    void userMayNotSubscribeToAdminChannelsButAnAdminMay() {
        try (WsClient alice = WsClient.connect(ws, Login.fresh(ws, "alice", "demo"));
             WsClient admin = WsClient.connect(ws, Login.fresh(ws, "admin", "demo"))) {
            alice.send("{\"type\":\"subscribe\",\"channel\":\"admin.ops\",\"id\":\"s1\"}");
            assertError(alice.next(), "forbidden", "s1");
            alice.send("{\"type\":\"ping\"}");
            assertThat(alice.next().getString("type")).isEqualTo("pong");

            admin.send("{\"type\":\"subscribe\",\"channel\":\"admin.ops\",\"id\":\"s2\"}");
            JsonObject subscribed = admin.next();
            assertThat(subscribed.getString("type")).as(subscribed.toString()).isEqualTo("subscribed");
            assertThat(subscribed.getString("channel")).isEqualTo("admin.ops");
        }
    }

    // ---------------------------------------------------------------- admin API

    @Test
    void adminApiIsRefusedToUsersWith403AndToAnonymousWith401() {
        Login.Credentials alice = Login.fresh(ws, "alice", "demo");
        String body = "{\"username\":\"" + uniqueName() + "\",\"password\":\"secret-1\",\"roles\":[\"admin\"]}";

        assertJsonError(status(403, Login.get(ws, "/api/admin/users", alice)), "forbidden");
        assertJsonError(status(403, Login.post(ws, "/api/admin/users", body, alice)), "forbidden");
        assertJsonError(status(403, Login.post(ws, "/api/admin/api-keys", "{\"name\":\"k\",\"roles\":[\"admin\"]}", alice)),
                "forbidden");
        assertJsonError(status(403, Login.post(ws, "/api/admin/users/bob/kick", "", alice)), "forbidden");

        Login.Credentials anonymous = Login.anonymous(ws);
        assertJsonError(status(401, Login.get(ws, "/api/admin/users", anonymous)), "unauthorized");
        assertJsonError(status(401, Login.post(ws, "/api/admin/users", body, anonymous)), "unauthorized");
        assertJsonError(status(401, Login.get(ws, "/api/admin/api-keys", anonymous)), "unauthorized");
        assertJsonError(status(401, put("/api/admin/users/bob/banned", "{\"banned\":true}", anonymous)), "unauthorized");
    }

    @Test
    void adminCreatesAUserWhoThenLogsIn() {
        String name = uniqueName();
        HttpResponse<String> created = Login.post(ws, "/api/admin/users",
                "{\"username\":\"" + name + "\",\"password\":\"secret-1\",\"roles\":[\"user\"]}", Login.shared(ws, "admin"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject user = json(created.body());
        assertThat(user.getString("username")).isEqualTo(name);
        assertThat(strings(user, "roles")).containsExactly("user");
        assertThat(user.getBoolean("disabled")).isFalse();
        assertThat(user.getBoolean("banned")).isFalse();

        Login.Credentials login = Login.fresh(ws, name, "secret-1");
        assertThat(json(Login.get(ws, "/api/me", login).body()).getString("username")).isEqualTo(name);
        try (WsClient c = WsClient.connect(ws, login)) {
            c.send("{\"type\":\"ping\"}");
            assertThat(c.next().getString("type")).isEqualTo("pong");
        }
        // The name is taken now.
        assertJsonError(status(409, Login.post(ws, "/api/admin/users",
                "{\"username\":\"" + name + "\",\"password\":\"secret-2\",\"roles\":[\"user\"]}", Login.shared(ws, "admin"))),
                "exists");
    }

    @Test
    void settingRolesClosesTheUsersSocketsWith4001AndTheNextLoginHasTheNewRoles() {
        String name = createUser("user");
        try (WsClient before = WsClient.connect(ws, Login.fresh(ws, name, "secret-1"))) {
            ready(before);

            HttpResponse<String> changed = put("/api/admin/users/" + name + "/roles", "{\"roles\":[\"moderator\"]}",
                    Login.shared(ws, "admin"));
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(strings(json(changed.body()), "roles")).containsExactly("moderator");

            assertThat(before.awaitClose().getCloseCode().getCode()).isEqualTo(4001);
        }
        Login.Credentials login = Login.fresh(ws, name, "secret-1");
        assertThat(strings(json(Login.get(ws, "/api/me", login).body()), "roles")).contains("moderator");
        try (WsClient after = WsClient.connect(ws, login)) {
            after.send("{\"type\":\"publish\",\"channel\":\"announce.roles\",\"data\":1,\"id\":\"r1\"}");
            JsonObject ack = after.next();
            assertThat(ack.getString("type")).as(ack.toString()).isEqualTo("ack");
        }
    }

    @Test
    void aDemotedUserWhoReconnectsWithTheOldSessionLosesTheOldRole() {
        String name = createUser("moderator");
        Login.Credentials session = Login.fresh(ws, name, "secret-1");
        try (WsClient before = WsClient.connect(ws, session)) {
            before.send("{\"type\":\"publish\",\"channel\":\"announce.demote\",\"data\":1,\"id\":\"d0\"}");
            assertThat(before.next().getString("type")).isEqualTo("ack");

            assertThat(put("/api/admin/users/" + name + "/roles", "{\"roles\":[\"user\"]}", Login.shared(ws, "admin"))
                    .statusCode()).isEqualTo(200);
            assertThat(before.awaitClose().getCloseCode().getCode()).isEqualTo(4001);
        }
        // README, 4001: reconnect, logging in again if the handshake answers 401. Either the old
        // session is refused, or the connection it opens has the new roles only.
        int status = RawWebSocket.handshakeStatus(ws.getHost(), ws.getPort(), ws.getRawPath(),
                List.of(WsClient.V1), session.headers());
        if (status == 401) {
            return;
        }
        assertThat(status).isEqualTo(101);
        try (WsClient after = WsClient.connect(ws, session)) {
            after.send("{\"type\":\"publish\",\"channel\":\"announce.demote\",\"data\":2,\"id\":\"d1\"}");
            assertError(after.next(), "forbidden", "d1");
        }
    }

    @Test
    void resettingThePasswordRefusesTheOldOneAndAcceptsTheNew() {
        String name = createUser("user");
        HttpResponse<String> reset = put("/api/admin/users/" + name + "/password", "{\"password\":\"brand-new\"}",
                Login.shared(ws, "admin"));
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);

        assertThat(Login.post(ws, "/api/login", credentials(name, "secret-1"), null).statusCode()).isEqualTo(401);
        assertThat(Login.post(ws, "/api/login", credentials(name, "brand-new"), null).statusCode()).isEqualTo(204);
    }

    @Test
    void disablingAUserClosesTheirSocketWith4003AndRefusesTheirLogin() {
        String name = createUser("user");
        Login.Credentials session = Login.fresh(ws, name, "secret-1");
        try (WsClient c = WsClient.connect(ws, session)) {
            ready(c);

            HttpResponse<String> disabled = put("/api/admin/users/" + name + "/disabled", "{\"disabled\":true}",
                    Login.shared(ws, "admin"));
            assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
            assertThat(json(disabled.body()).getBoolean("disabled")).isTrue();

            assertThat(c.awaitClose().getCloseCode().getCode()).isEqualTo(4003);
        }
        HttpResponse<String> list = Login.get(ws, "/api/admin/users", Login.shared(ws, "admin"));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(Json.createReader(new StringReader(list.body())).readArray().getValuesAs(JsonObject.class))
                .filteredOn(u -> u.getString("username").equals(name))
                .singleElement().satisfies(u -> assertThat(u.getBoolean("disabled")).as(u.toString()).isTrue());
        HttpResponse<String> login = Login.post(ws, "/api/login", credentials(name, "secret-1"), null);
        assertThat(login.statusCode()).isEqualTo(401);
        assertJsonError(login, "invalid_credentials");
        // Disabling ends the user's login sessions, so the old cookie no longer authenticates.
        Answer again = upgrade(ws, "", session.headers());
        assertThat(again.status()).as(again.toString()).isEqualTo(401);
        assertThat(again.json().getString("error")).isEqualTo("unauthorized");
    }

    @Test
    void logoutClosesThatSessionsSocketWith4001AndLeavesTheUsersOtherSessionOpen() {
        Login.Credentials first = Login.fresh(ws, "alice", "demo");
        Login.Credentials second = Login.fresh(ws, "alice", "demo");
        try (WsClient one = WsClient.connect(ws, first); WsClient two = WsClient.connect(ws, second)) {
            ready(one);
            ready(two);

            assertThat(Login.post(ws, "/api/logout", "", first).statusCode()).isEqualTo(204);

            assertThat(one.awaitClose().getCloseCode().getCode()).isEqualTo(4001);
            two.send("{\"type\":\"ping\",\"id\":\"alive\"}");
            assertThat(two.next().getString("id")).isEqualTo("alive");
            assertThat(two.isOpen()).isTrue();
            assertThat(Login.get(ws, "/api/me", second).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void kickByAModeratorClosesEverySocketOfTheUserWith4003() {
        try (WsClient bob1 = WsClient.connect(ws, Login.fresh(ws, "bob", "demo"));
             WsClient bob2 = WsClient.connect(ws, Login.fresh(ws, "bob", "demo"));
             WsClient alice = WsClient.connect(ws, Login.fresh(ws, "alice", "demo"))) {
            ready(bob1);
            ready(bob2);
            ready(alice);

            HttpResponse<String> kicked = Login.post(ws, "/api/admin/users/bob/kick", "", Login.fresh(ws, "mod", "demo"));
            assertThat(kicked.statusCode()).as(kicked.body()).isEqualTo(200);
            assertThat(json(kicked.body()).getString("username")).isEqualTo("bob");
            assertThat(json(kicked.body()).getInt("closed")).isGreaterThanOrEqualTo(2);

            assertThat(bob1.awaitClose().getCloseCode().getCode()).isEqualTo(4003);
            assertThat(bob2.awaitClose().getCloseCode().getCode()).isEqualTo(4003);
            alice.send("{\"type\":\"ping\",\"id\":\"alive\"}");
            assertThat(alice.next().getString("id")).isEqualTo("alive");
        }
    }

    @Test
    void banClosesTheSocketWith4003RefusesLoginAndTheOldSessionUntilUnbanned() {
        String name = createUser("user");
        Login.Credentials session = Login.fresh(ws, name, "secret-1");
        Login.Credentials mod = Login.fresh(ws, "mod", "demo");
        try (WsClient c = WsClient.connect(ws, session)) {
            ready(c);

            HttpResponse<String> banned = put("/api/admin/users/" + name + "/banned", "{\"banned\":true}", mod);
            assertThat(banned.statusCode()).as(banned.body()).isEqualTo(200);
            assertThat(json(banned.body()).getBoolean("banned")).isTrue();

            assertThat(c.awaitClose().getCloseCode().getCode()).isEqualTo(4003);
        }
        assertThat(Login.post(ws, "/api/login", credentials(name, "secret-1"), null).statusCode()).isEqualTo(401);
        // A ban ends the user's login sessions, so the old cookie no longer authenticates.
        Answer oldSession = upgrade(ws, "", session.headers());
        assertThat(oldSession.status()).as(oldSession.toString()).isEqualTo(401);
        assertThat(oldSession.json().getString("error")).isEqualTo("unauthorized");

        HttpResponse<String> unbanned = put("/api/admin/users/" + name + "/banned", "{\"banned\":false}", mod);
        assertThat(unbanned.statusCode()).as(unbanned.body()).isEqualTo(200);
        assertThat(json(unbanned.body()).getBoolean("banned")).isFalse();

        Login.Credentials again = Login.fresh(ws, name, "secret-1");
        try (WsClient c = WsClient.connect(ws, again)) {
            ready(c);
        }
    }

    /**
     * Each round closes a socket from an admin's or the user's own HTTP request, then sends more
     * requests. Such closes once ran on the container's HTTP thread, which then served later
     * requests with the closed socket's recycled request objects: within a few hundred rounds a
     * request answered 500 or a handshake failed.
     */
    @Test
    void closingSocketsFromHttpRequestsNeverBreaksLaterRequests() {
        Login.Credentials mod = Login.fresh(ws, "mod", "demo");
        for (int round = 0; round < 120; round++) {
            String name = createUser("user");
            Login.Credentials session = Login.fresh(ws, name, "secret-1");
            int expectedClose;
            try (WsClient c = WsClient.connect(ws, session)) {
                ready(c);
                HttpResponse<String> ended = switch (round % 3) {
                    case 0 -> Login.post(ws, "/api/admin/users/" + name + "/kick", "", mod);
                    case 1 -> put("/api/admin/users/" + name + "/banned", "{\"banned\":true}", mod);
                    default -> Login.post(ws, "/api/logout", "", session);
                };
                assertThat(ended.statusCode()).as("round " + round + ": " + ended.body()).isIn(200, 204);
                expectedClose = round % 3 == 2 ? 4001 : 4003;
                assertThat(c.awaitClose().getCloseCode().getCode()).as("round " + round).isEqualTo(expectedClose);
            }
            Answer again = upgrade(ws, "", session.headers());
            assertThat(again.status()).as("round " + round + ": " + again).isEqualTo(round % 3 == 0 ? 101 : 401);
            HttpResponse<String> me = Login.send(ws, "/api/me", mod, HttpRequest.BodyPublishers.noBody(), "GET");
            assertThat(me.statusCode()).as("round " + round + ": " + me.body()).isEqualTo(200);
        }
    }

    @Test
    void aModeratorCannotBanOrKickAnAdmin() {
        Login.Credentials mod = Login.fresh(ws, "mod", "demo");

        assertJsonError(status(403, put("/api/admin/users/admin/banned", "{\"banned\":true}", mod)), "forbidden");
        assertJsonError(status(403, Login.post(ws, "/api/admin/users/admin/kick", "", mod)), "forbidden");

        assertThat(Login.post(ws, "/api/login", credentials("admin", "demo"), null).statusCode()).isEqualTo(204);
    }

    // ---------------------------------------------------------------- helpers

    private String createUser(String role) {
        String name = uniqueName();
        HttpResponse<String> created = Login.post(ws, "/api/admin/users",
                "{\"username\":\"" + name + "\",\"password\":\"secret-1\",\"roles\":[\"" + role + "\"]}",
                Login.shared(ws, "admin"));
        assertThat(created.statusCode()).as("creating " + name + ": " + created.body()).isEqualTo(201);
        return name;
    }

    private static String uniqueName() {
        return "t" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
    }

    private static String credentials(String user, String password) {
        return Json.createObjectBuilder().add("username", user).add("password", password).build().toString();
    }

    private HttpResponse<String> put(String path, String body, Login.Credentials as) {
        return Login.send(ws, path, as, HttpRequest.BodyPublishers.ofString(body), "PUT");
    }

    /** A request with exactly {@code headers} besides Content-Type (no Origin unless given). */
    private HttpResponse<String> http(String method, String path, String body, Map<String, String> headers) {
        String context = ws.getRawPath().substring(0, ws.getRawPath().length() - "/ws".length());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Login.origin(ws) + context + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
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

    static HttpResponse<String> status(int expected, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + ": " + response.body())
                .isEqualTo(expected);
        return response;
    }

    /** The body is a JSON error {@code {"error":CODE,"message":TEXT}}; {@code code} null means any. */
    static void assertJsonError(HttpResponse<String> response, String code) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        JsonObject body = json(response.body());
        assertThat(body.get("error")).as(response.body()).isInstanceOf(JsonString.class);
        if (code != null) {
            assertThat(body.getString("error")).as(response.body()).isEqualTo(code);
        }
        assertThat(body.getString("message", "")).as(response.body()).isNotBlank();
    }

    private static void assertError(JsonObject frame, String code, String id) {
        assertThat(frame.getString("type")).as(frame.toString()).isEqualTo("error");
        assertThat(frame.getString("code")).isEqualTo(code);
        assertThat(frame.getString("message")).isNotBlank();
        assertThat(frame.getString("id")).isEqualTo(id);
    }

    private static void subscribe(WsClient client, String channel) {
        client.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        JsonObject subscribed = client.next();
        assertThat(subscribed.getString("type")).as(subscribed.toString()).isEqualTo("subscribed");
    }

    /** A pong proves the server has registered the connection, not just answered the handshake. */
    static void ready(WsClient client) {
        client.send("{\"type\":\"ping\",\"id\":\"ready\"}");
        assertThat(client.next("pong").getString("id")).isEqualTo("ready");
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static List<String> strings(JsonObject object, String field) {
        return object.getJsonArray(field).stream().map(v -> ((JsonString) v).getString()).toList();
    }

    /**
     * Reads a raw connection's text frames (each may hold several lines) until an object of
     * {@code type}, or an error, arrives.
     */
    private static JsonObject nextOfType(RawWebSocket raw, String type) throws IOException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : raw.readText().split("\n")) {
                JsonObject object = json(line);
                String got = object.getString("type", "");
                if (type.equals(got) || "error".equals(got)) {
                    return object;
                }
                seen.add(line);
            }
        }
        throw new AssertionError("no " + type + " within " + WsClient.WAIT + "; got " + seen);
    }

    // ---------------------------------------------------------------- refused handshakes, body included

    /** The server's whole answer to an upgrade request: status, headers and body. */
    record Answer(int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        JsonObject json() {
            assertThat(header("Content-Type")).as(toString()).startsWith("application/json");
            return SecurityIT.json(body);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Sends a WebSocket upgrade request for {@code ws} plus {@code query}, offering switchboard.v1,
     * with {@code headers} (a null value removes a default), and reads the answer; on a refusal it
     * reads the body too, which {@link RawWebSocket#handshakeOnly} does not.
     */
    static Answer upgrade(URI ws, String query, Map<String, String> headers) {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(20_000);
            socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 20_000);
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Host", ws.getHost() + ":" + ws.getPort());
            all.put("Upgrade", "websocket");
            all.put("Connection", "Upgrade");
            all.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
            all.put("Sec-WebSocket-Version", "13");
            all.put("Sec-WebSocket-Protocol", WsClient.V1);
            headers.forEach((name, value) -> {
                all.keySet().removeIf(n -> n.equalsIgnoreCase(name));
                if (value != null) {
                    all.put(name, value);
                }
            });
            StringBuilder request = new StringBuilder("GET ").append(ws.getRawPath()).append(query).append(" HTTP/1.1\r\n");
            all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            Map<String, List<String>> answerHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                answerHeaders.computeIfAbsent(header.substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(header.substring(colon + 1).trim());
            }
            return new Answer(status, answerHeaders, status == 101 ? "" : body(in, answerHeaders));
        } catch (IOException e) {
            throw new UncheckedIOException("upgrade request to " + ws + query + " failed", e);
        }
    }

    private static String body(InputStream in, Map<String, List<String>> headers) throws IOException {
        List<String> length = headers.get("Content-Length");
        if (length != null) {
            return new String(in.readNBytes(Integer.parseInt(length.get(0))), StandardCharsets.UTF_8);
        }
        List<String> encoding = headers.get("Transfer-Encoding");
        if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                body.writeBytes(in.readNBytes(size));
                line(in);
            }
            return body.toString(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            in.transferTo(body);
        } catch (SocketTimeoutException e) {
            // a body without a length ends when the server closes; keep what came
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static int chunkSize(String line) {
        return Integer.parseInt(line.split(";", 2)[0].trim(), 16);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection ended after \"" + line + "\"");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
