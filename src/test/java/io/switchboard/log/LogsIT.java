package io.switchboard.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Login;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * JSON logs, as the README turns them on: a server started with
 * {@code --logproperties server-config/logging-json.properties} writes one JSON object per line, and
 * Switchboard's events carry their fields, never a password, cookie, key or message body. Runs its
 * own Payara Micro process, since the option is a start option.
 */
class LogsIT {

    private static final String PASSWORD = "Pw-carol-8f3a61d2";
    private static final String WRONG_PASSWORD = "Pw-wrong-0c94be17";
    private static final String BODY = "body-marker-5d1e77a9";

    @Test
    void jsonLogsCarryEachEventsFieldsAndNoSecretOrMessageBody() throws Exception {
        try (MicroServer server = MicroServer.launch("logs").heap("512m")
                .options("--logproperties", "server-config/logging-json.properties").start().awaitReady()) {
            URI ws = server.wsUri();
            Login.Credentials admin = Login.fresh(ws, "admin", Login.DEMO_PASSWORD);
            assertThat(Login.post(ws, "/api/admin/users",
                    "{\"username\":\"carol\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"user\"]}", admin).statusCode())
                    .isEqualTo(201);
            HttpResponse<String> created = Login.post(ws, "/api/admin/api-keys", "{\"name\":\"ci\",\"roles\":[\"user\"]}", admin);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String key = json(created.body()).getString("key");

            assertThat(Login.post(ws, "/api/login",
                    "{\"username\":\"carol\",\"password\":\"" + WRONG_PASSWORD + "\"}", null).statusCode()).isEqualTo(401);
            assertThatThrownBy(() -> WsClient.connect(ws, Login.anonymous(ws))).hasMessageContaining("cannot connect");

            Login.Credentials carol = Login.fresh(ws, "carol", PASSWORD);
            try (WsClient client = WsClient.connect(ws, carol)) {
                client.send("{\"type\":\"subscribe\",\"channel\":\"lobby\"}");
                client.next("subscribed");
                client.send("{\"type\":\"publish\",\"channel\":\"lobby\",\"data\":{\"text\":\"" + BODY + "\"},\"id\":\"m1\"}");
                assertThat(client.next("message").getJsonObject("data").getString("text")).isEqualTo(BODY);
                assertThat(Login.post(ws, "/api/admin/users/carol/kick", "", admin).statusCode()).isEqualTo(200);
                assertThat(client.awaitClose().getCloseCode().getCode()).isEqualTo(4003);
            }
            try (RawWebSocket service = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(),
                    List.of(WsClient.V1), Map.of("Authorization", "Bearer " + key, "Origin", Login.origin(ws)))) {
                service.sendClose(1000, "bye\r\nforged");
                service.readFrame();
            }
            assertThat(Login.post(ws, "/api/logout", "", carol).statusCode()).isEqualTo(204);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> find(events(server), "logout", e -> true).isPresent()
                            && find(events(server), "connection.closed", e -> "ci".equals(field(e, "user"))).isPresent());

            List<JsonObject> events = events(server);
            JsonObject login = find(events, "login", e -> "carol".equals(field(e, "user"))).orElseThrow();
            assertThat(field(login, "address")).isEqualTo("127.0.0.1");
            assertThat(login.getString("LogMessage")).isEqualTo("login user=carol address=127.0.0.1");

            JsonObject opened = find(events, "connection.opened", e -> "carol".equals(field(e, "user"))).orElseThrow();
            String connection = field(opened, "connection");
            assertThat(connection).matches("[0-9a-f]{16}");
            assertThat(field(opened, "address")).isEqualTo("127.0.0.1");
            JsonObject closed = find(events, "connection.closed", e -> connection.equals(field(e, "connection"))).orElseThrow();
            assertThat(field(closed, "user")).isEqualTo("carol");
            assertThat(field(closed, "code")).isEqualTo("4003");
            assertThat(field(closed, "reason")).isEqualTo("kicked");

            JsonObject byKey = find(events, "connection.closed", e -> "ci".equals(field(e, "user"))).orElseThrow();
            assertThat(field(byKey, "code")).isEqualTo("1000");
            assertThat(field(byKey, "reason")).as("a client's close reason, escaped").isEqualTo("bye\\u000d\\u000aforged");

            assertThat(find(events, "refused", e -> "handshake unauthorized".equals(field(e, "reason"))
                    && "127.0.0.1".equals(field(e, "address")))).isPresent();
            assertThat(find(events, "refused", e -> "login failed".equals(field(e, "reason"))
                    && "carol".equals(field(e, "user")))).isPresent();

            JsonObject kick = find(events, "admin.action", e -> "admin/users/carol/kick".equals(field(e, "path"))).orElseThrow();
            assertThat(field(kick, "user")).isEqualTo("admin");
            assertThat(field(kick, "method")).isEqualTo("POST");
            assertThat(field(kick, "status")).isEqualTo("200");
            assertThat(field(kick, "address")).isEqualTo("127.0.0.1");
            assertThat(find(events, "admin.action", e -> "admin/users".equals(field(e, "path"))
                    && "201".equals(field(e, "status")))).isPresent();
            assertThat(find(events, "admin.action", e -> "admin/api-keys".equals(field(e, "path")))).isPresent();

            assertThat(find(events, "logout", e -> "carol".equals(field(e, "user")))).isPresent();

            String log = server.log();
            assertThat(log).doesNotContain(PASSWORD).doesNotContain(WRONG_PASSWORD).doesNotContain(BODY)
                    .doesNotContain(key).doesNotContain(key.substring(4));
            for (Login.Credentials credentials : List.of(admin, carol)) {
                for (String cookie : credentials.cookie().split("; ")) {
                    String value = cookie.substring(cookie.indexOf('=') + 1);
                    assertThat(log).as("cookie %s", cookie).doesNotContain(value);
                }
            }
        }
    }

    /**
     * Every line of the server's output that is a JSON object, each checked to parse whole; the
     * few lines Payara prints without its log handler (before it starts, at exit) are not JSON.
     */
    private static List<JsonObject> lines(MicroServer server) throws Exception {
        List<JsonObject> objects = new ArrayList<>();
        // the last piece is empty, or a line still being written
        String[] lines = server.log().split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i].strip();
            if (line.startsWith("{")) {
                try {
                    objects.add(json(line));
                } catch (JsonParsingException e) {
                    throw new AssertionError("not one JSON object: " + line, e);
                }
            }
        }
        return objects;
    }

    private static List<JsonObject> events(MicroServer server) throws Exception {
        return lines(server).stream().filter(o -> o.containsKey("event")).toList();
    }

    private static Optional<JsonObject> find(List<JsonObject> events, String event, Predicate<JsonObject> which) {
        return events.stream().filter(e -> event.equals(field(e, "event")) && which.test(e)).findFirst();
    }

    private static String field(JsonObject event, String name) {
        return event.containsKey(name) ? event.getString(name) : null;
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
