package io.switchboard.payaraserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Login;
import io.switchboard.testing.PayaraServerDomain;
import io.switchboard.testing.PayaraServerSession;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The WAR that {@code mvn package} builds, deployed unchanged with asadmin at the context root,
 * then undeployed and deployed again the way an operator upgrades it: open connections get 1001,
 * the application's threads end with it, nothing is logged as SEVERE, and the new deployment
 * serves fresh connections and still has what was stored before.
 */
@EnabledIfSystemProperty(named = "payara.server.home", matches = ".+")
class RedeployIT {

    private static final String APP = "switchboard";

    private final PayaraServerDomain domain = PayaraServerSession.domain();
    private final Path war = Path.of(System.getProperty("switchboard.war", "target/switchboard.war")).toAbsolutePath();

    @AfterEach
    void undeploy() {
        if (domain.asadmin("list-applications").contains(APP)) {
            domain.asadmin("undeploy", APP);
        }
    }

    @Test
    void undeployClosesConnectionsWith1001AndARedeployServesAgain() throws Exception {
        long logStart = domain.serverLogSize();
        List<String> threadsBefore = ServerThreads.ofApplications(domain);

        deploy();
        URI ws = URI.create("ws://127.0.0.1:" + domain.httpPort() + "/ws");
        String channel = "redeploy." + Long.toHexString(System.nanoTime());
        try (WsClient alice = WsClient.connect(ws); WsClient bob = WsClient.connect(ws, Login.fresh(ws, "bob", Login.DEMO_PASSWORD))) {
            bob.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            bob.expect("subscribed");
            alice.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":\"before\",\"id\":\"m1\"}");
            assertThat(alice.expect("ack").getJsonNumber("seq").longValue()).isEqualTo(1);
            assertThat(bob.next("message").getString("data")).isEqualTo("before");
            assertThat(ServerThreads.ofApplications(domain)).as("threads of the deployed application")
                    .hasSizeGreaterThan(threadsBefore.size());

            domain.asadmin("undeploy", APP);

            assertThat(alice.awaitClose().getCloseCode().getCode()).isEqualTo(1001);
            assertThat(bob.awaitClose().getCloseCode().getCode()).isEqualTo(1001);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(ServerThreads.ofApplications(domain)).as("threads left after the undeploy")
                        .containsExactlyInAnyOrderElementsOf(threadsBefore));

        deploy();
        // the old deployment's sessions mean nothing to the new one
        Login.forgetShared();
        try (WsClient alice = WsClient.connect(ws)) {
            alice.send("{\"type\":\"ping\",\"id\":\"p1\"}");
            assertThat(alice.expect("pong").getString("id")).isEqualTo("p1");
            alice.send("{\"type\":\"history\",\"channel\":\"" + channel + "\"}");
            JsonObject history = alice.expect("history");
            assertThat(history.getJsonArray("messages")).as(history.toString()).hasSize(1);
            assertThat(history.getJsonArray("messages").getJsonObject(0).getString("data")).isEqualTo("before");
        }

        String log = domain.serverLogSince(logStart);
        assertThat(log).as("server.log during the deployments").doesNotContain("[SEVERE]")
                .contains("idle timers: on the context-free scheduler");
    }

    /**
     * Payara Server re-creates its stock default executor at every start, and from the domain's
     * second start on that is what the container finds: Switchboard then installs its own
     * context-free scheduler, so a restarted domain is as fast per frame as a new one.
     */
    @Test
    void aRestartedDomainServesWithItsIdleTimersOnAContextFreeScheduler() throws Exception {
        deploy();
        long logStart = domain.serverLogSize();

        domain.restart();

        // the application is deployed again as the server starts: it serves once a login works
        URI ws = URI.create("ws://127.0.0.1:" + domain.httpPort() + "/ws");
        Login.Credentials login = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> Login.fresh(ws, "alice", Login.DEMO_PASSWORD), credentials -> credentials != null);
        assertThat(domain.serverLogSince(logStart)).as("server.log after the restart")
                .contains("idle timers: on the context-free scheduler");
        try (WsClient alice = WsClient.connect(ws, login)) {
            alice.send("{\"type\":\"ping\",\"id\":\"p1\"}");
            assertThat(alice.expect("pong").getString("id")).isEqualTo("p1");
        }
        assertThat(domain.serverLogSince(logStart)).as("server.log after the restart").doesNotContain("captures thread context");
    }

    private void deploy() {
        domain.asadmin("deploy", "--contextroot", "/", "--name", APP, war.toString());
    }
}
