package io.switchboard.payaraserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Login;
import io.switchboard.testing.PayaraServerDomain;
import io.switchboard.testing.PayaraServerSession;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What an operator of Payara Server sees of the hub with monitoring on, the way the README's
 * "Monitoring" part tells them to look: the built WAR deployed with asadmin, the web-container
 * monitoring level set, then connections, messages and a close read back from
 * {@code asadmin get --monitor server.switchboard.*} and from the admin port's
 * {@code /monitoring/domain/server/switchboard} (the REST resource behind the admin console).
 */
@EnabledIfSystemProperty(named = "payara.server.home", matches = ".+")
class MonitoringIT {

    private static final String APP = "switchboard";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    private final PayaraServerDomain domain = PayaraServerSession.domain();
    private final Path war = Path.of(System.getProperty("switchboard.war", "target/switchboard.war")).toAbsolutePath();

    @AfterEach
    void undeployAndMonitoringOff() {
        try {
            if (domain.asadmin("list-applications").contains(APP)) {
                domain.asadmin("undeploy", APP);
            }
        } finally {
            // the domain's default, as the other test classes expect it
            domain.asadmin("set-monitoring-level", "--module", "web-container", "--level", "OFF");
        }
    }

    @Test
    void connectionsMessagesAndClosesByCodeShowInTheMonitoringTreeOnceMonitoringIsOn() throws Exception {
        long logStart = domain.serverLogSize();
        domain.asadmin("set-monitoring-level", "--module", "web-container", "--level", "OFF");
        domain.asadmin("deploy", "--contextroot", "/", "--name", APP, war.toString());
        assertThat(monitor("server.switchboard.*")).as("server.switchboard with web-container monitoring OFF").isEmpty();

        domain.asadmin("set-monitoring-level", "--module", "web-container", "--level", "LOW");
        assertThat(monitor("server.switchboard.*")).as("server.switchboard after the deployment")
                .containsEntry("server.switchboard.connections-current", "0")
                .containsEntry("server.switchboard.messagesreceived-count", "0")
                .containsEntry("server.switchboard.closes-count", "0");

        // this deployment's sessions are new: no login of an earlier one is reused
        Login.forgetShared();
        URI ws = URI.create("ws://127.0.0.1:" + domain.httpPort() + "/ws");
        String channel = "monitoring." + Long.toHexString(System.nanoTime());
        try (WsClient alice = WsClient.connect(ws);
             WsClient bob = WsClient.connect(ws, Login.fresh(ws, "bob", Login.DEMO_PASSWORD));
             WsClient leaving = WsClient.connect(ws, Login.fresh(ws, "mod", Login.DEMO_PASSWORD))) {
            bob.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            bob.expect("subscribed");
            for (int i = 1; i <= 5; i++) {
                alice.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":\"m" + i + "\",\"id\":\"p" + i + "\"}");
                alice.expect("ack");
                assertThat(bob.next("message").getString("data")).isEqualTo("m" + i);
            }
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(monitor("server.switchboard.*"))
                            .containsEntry("server.switchboard.connections-current", "3")
                            // one subscribe and five publishes: every text frame the clients sent
                            .containsEntry("server.switchboard.messagesreceived-count", "6"));

            leaving.close();
            assertThat(leaving.awaitClose().getCloseCode().getCode()).isEqualTo(1000);

            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Map<String, String> tree = monitor("server.switchboard.*");
                assertThat(tree)
                        .containsEntry("server.switchboard.connections-current", "2")
                        .containsEntry("server.switchboard.connections-highwatermark", "3")
                        .containsEntry("server.switchboard.messagesreceived-count", "6")
                        .containsEntry("server.switchboard.closes-count", "1")
                        .containsEntry("server.switchboard.closesbycode-current", "1000=1");
                // subscribed, five acks and five channel messages at least (presence may add more)
                assertThat(Long.parseLong(tree.get("server.switchboard.messagessent-count"))).isGreaterThanOrEqualTo(11);
                // frames per second over the last 10 s, rounded: six frames may still show as 0 or 1
                assertThat(tree).containsKeys("server.switchboard.messagesreceivedpersecond-current",
                        "server.switchboard.messagessentpersecond-current");
            });

            JsonObject node = adminRest("/monitoring/domain/server/switchboard")
                    .getJsonObject("extraProperties").getJsonObject("entity");
            assertThat(node.getJsonObject("connections").getJsonNumber("current").longValue()).as(node.toString()).isEqualTo(2);
            assertThat(node.getJsonObject("messagesreceived").getJsonNumber("count").longValue()).as(node.toString()).isEqualTo(6);
            assertThat(node.getJsonObject("closes").getJsonNumber("count").longValue()).as(node.toString()).isEqualTo(1);
            assertThat(node.getJsonObject("closesbycode").getString("current")).as(node.toString()).isEqualTo("1000=1");
            assertThat(node.getJsonObject("messagessent").getJsonNumber("lastsampletime").longValue())
                    .as("the sample time an operator rates the counts by").isPositive();
            HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + domain.adminPort() + "/monitoring/domain/server/switchboard"))
                    .timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as("the node without the admin's login").isEqualTo(401);
        }

        assertThat(domain.asadmin("list", "--monitor", "server.*")).as("the monitoring tree before the undeploy")
                .contains("server.switchboard");
        domain.asadmin("undeploy", APP);
        assertThat(domain.asadmin("list", "--monitor", "server.*")).as("the monitoring tree after the undeploy")
                .doesNotContain("server.switchboard");
        assertThat(domain.serverLogSince(logStart)).as("server.log")
                .contains("hub figures in the server's monitoring tree as server.switchboard")
                .doesNotContain("[SEVERE]");
    }

    private Map<String, String> monitor(String pattern) {
        return domain.monitor("server.", pattern);
    }

    /** GET on the admin port's REST interface, as the admin console's user, in JSON. */
    private JsonObject adminRest(String path) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString(("admin:" + domain.adminPassword()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + domain.adminPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
