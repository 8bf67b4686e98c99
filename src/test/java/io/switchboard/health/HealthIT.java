package io.switchboard.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MicroProfile Health as a load balancer or an operator sees it, at the server's {@code /health} (README "Health"). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HealthIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        // not "health": the context root would then hide the server's /health
        return Deployments.war("probes", Map.of());
    }

    @ArquillianResource
    URL base;

    @Test
    void readyWhenTheDatabaseAnswersWithConnectionsAndUptime() throws Exception {
        try (WsClient client = WsClient.connect(Deployments.wsUri(base))) {
            // a round trip: the server has registered the connection once it answers on it
            client.send("{\"type\":\"ping\"}");
            client.next("pong");
            Answer ready = get("/health/ready");

            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().getString("status")).isEqualTo("UP");
            JsonObject check = check(ready.json());
            assertThat(check.getString("status")).isEqualTo("UP");
            JsonObject data = check.getJsonObject("data");
            assertThat(Long.parseLong(text(data, "connections"))).isGreaterThanOrEqualTo(1);
            assertThat(Long.parseLong(text(data, "uptimeSeconds"))).isGreaterThanOrEqualTo(0);
            assertThat(text(data, "database")).isEqualTo("UP");
            assertThat(text(data, "draining")).isEqualTo("false");
        }
    }

    @Test
    void liveWhileTheApplicationRuns() throws Exception {
        Answer live = get("/health/live");

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().getString("status")).isEqualTo("UP");
        JsonObject data = check(live.json()).getJsonObject("data");
        assertThat(data.containsKey("connections")).isTrue();
        assertThat(data.containsKey("uptimeSeconds")).isTrue();
    }

    @Test
    void allChecksTogetherAtHealth() throws Exception {
        Answer all = get("/health");

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().getString("status")).isEqualTo("UP");
        assertThat(all.json().getJsonArray("checks")).hasSizeGreaterThanOrEqualTo(2);
    }

    private record Answer(int status, JsonObject json) {
    }

    /** The server root, not the context root: Payara serves health there. */
    private Answer get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + base.getPort() + path);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).as("%s answered %d", path, response.statusCode()).startsWith("{");
        return new Answer(response.statusCode(), Json.createReader(new StringReader(response.body())).readObject());
    }

    /** A data value as text: Payara renders numbers and booleans of a check's data as JSON strings. */
    private static String text(JsonObject data, String key) {
        JsonValue value = data.get(key);
        assertThat(value).as("%s in %s", key, data).isNotNull();
        return value instanceof JsonString string ? string.getString() : value.toString();
    }

    private static JsonObject check(JsonObject health) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("switchboard"))
                .findFirst().orElseThrow(() -> new AssertionError("no switchboard check in " + health));
    }
}
