package io.switchboard.channel;

import static io.switchboard.channel.DurableChannelIT.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /api/channels}: the stored channels a caller may read, by name, a page at a time.
 * Only {@link #listsTheStoredChannelsTheCallerMayReadByNameAPageAtATime} publishes, so what the
 * server stores is known.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChannelListIT {

    // The database may hold other tests' channels (the PostgreSQL pass shares one): only this run's
    // channels are readable by users, and they sort after those of earlier runs.
    private static final String ROOM = "zzroom" + Long.toString(System.currentTimeMillis(), 36);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("channellist", Map.of(
                "switchboard.channels.list-max-limit", "3",
                "switchboard.channel-rules", ROOM + ".h*:subscribe=moderator,publish=moderator;"
                        + ROOM + ".*:subscribe=user,publish=user;*:subscribe=admin,publish=admin"));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    @Test
    void listsTheStoredChannelsTheCallerMayReadByNameAPageAtATime() {
        Login.Credentials alice = Login.shared(ws, "alice");
        Login.Credentials mod = Login.shared(ws, "mod");
        assertThat(list("?after=" + ROOM, alice)).as("nothing published yet: nothing stored")
                .isEqualTo(json("{\"channels\":[],\"next\":null}"));

        for (String ch : List.of(ROOM + ".d", ROOM + ".hb", ROOM + ".a", ROOM + ".ha", ROOM + ".c", ROOM + ".b", ROOM + ".c")) {
            HttpResponse<String> r = Login.post(ws, "/api/channels/" + ch + "/messages", "{\"data\":1}", mod);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }

        JsonObject first = list("?after=" + ROOM, alice);
        assertThat(names(first)).containsExactly(ROOM + ".a", ROOM + ".b", ROOM + ".c");
        assertThat(first.getJsonArray("channels").getJsonObject(2).getInt("seq")).as(ROOM + ".c's last seq").isEqualTo(2);
        assertThat(first.getString("next")).isEqualTo(ROOM + ".c");
        JsonObject second = list("?after=" + ROOM + ".c", alice);
        assertThat(names(second)).as(ROOM + ".h* is for moderators").containsExactly(ROOM + ".d");
        assertThat(second.get("next")).isEqualTo(JsonValue.NULL);

        assertThat(names(list("?after=" + ROOM + ".c", mod))).containsExactly(ROOM + ".d", ROOM + ".ha", ROOM + ".hb");
        assertThat(names(list("?after=" + ROOM + ".a&limit=2", mod))).containsExactly(ROOM + ".b", ROOM + ".c");
        assertThat(names(list("?after=" + ROOM + "&limit=50", mod))).as("limit is capped by the setting").hasSize(3);
        assertThat(list("?after=" + ROOM + ".hb", mod)).isEqualTo(json("{\"channels\":[],\"next\":null}"));

        String key = apiKey("lister");
        JsonObject keyed = json(get("/api/channels?after=" + ROOM + ".c", Map.of("Authorization", "Bearer " + key)).body());
        assertThat(names(keyed)).as("an API key with the user role").containsExactly(ROOM + ".d");
    }

    @Test
    void needsALoginAndAnswersBadParametersWith400() {
        HttpResponse<String> anonymous = Login.get(ws, "/api/channels", null);
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertJsonError(anonymous, "unauthorized");

        Login.Credentials bob = Login.shared(ws, "bob");
        for (String query : List.of("?limit=0", "?limit=-2", "?limit=many")) {
            HttpResponse<String> r = Login.get(ws, "/api/channels" + query, bob);
            assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(400);
            assertJsonError(r, "bad_request");
        }
        HttpResponse<String> badAfter = Login.get(ws, "/api/channels?after=no%20spaces", bob);
        assertThat(badAfter.statusCode()).as(badAfter.body()).isEqualTo(400);
        assertJsonError(badAfter, "invalid_channel");
    }

    // ---------------------------------------------------------------- helpers

    private JsonObject list(String query, Login.Credentials as) {
        HttpResponse<String> r = Login.get(ws, "/api/channels" + query, as);
        assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
        return json(r.body());
    }

    private String apiKey(String name) {
        HttpResponse<String> created = Login.post(ws, "/api/admin/api-keys",
                "{\"name\":\"" + name + "\",\"roles\":[\"user\"]}", Login.shared(ws, "admin"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).getString("key");
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) {
        String context = ws.getRawPath().substring(0, ws.getRawPath().length() - "/ws".length());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Login.origin(ws) + context + path)).GET();
        headers.forEach(request::header);
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(JsonObject page) {
        return page.getJsonArray("channels").getValuesAs(JsonObject.class).stream().map(c -> c.getString("name")).toList();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
