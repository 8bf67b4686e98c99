package io.switchboard.payaraserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Login;
import io.switchboard.testing.PayaraDeploymentGroup;
import io.switchboard.testing.PayaraDeploymentGroup.Instance;
import io.switchboard.testing.PayaraServerDomain;
import io.switchboard.testing.PayaraServerSession;
import io.switchboard.testing.PresenceFrames;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two Payara Server instances in one deployment group, set up with the README's commands, the
 * built WAR deployed to the group with asadmin, on the shared PostgreSQL database: they act as one
 * hub as Payara Micro instances do. Messages published on either reach the subscribers of both in
 * one seq order, presence and broadcasts cross them, a kick and a logout on one close the
 * connections on the other, and a login made on one is valid on the other.
 */
@EnabledIfSystemProperty(named = "payara.server.home", matches = ".+")
class DeploymentGroupIT {

    private static final Duration CROSSING = Duration.ofSeconds(20);
    private static final String CONFIG = "switchboard-config";

    private static PayaraDeploymentGroup group;
    private static Instance a;
    private static Instance b;

    @BeforeAll
    static void startTwoInstances() throws IOException {
        PayaraServerDomain domain = PayaraServerSession.domain();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("switchboard.demo-users", "true");
        settings.put("switchboard.password.iterations", "1000");
        settings.put("switchboard.datasource.class", "org.postgresql.ds.PGSimpleDataSource");
        settings.put("switchboard.datasource.url", System.getProperty("switchboard.test.db.url",
                "jdbc:postgresql://127.0.0.1:5432/switchboard_test?reWriteBatchedInserts=true"));
        settings.put("switchboard.datasource.user", System.getProperty("switchboard.test.db.user", "switchboard"));
        settings.put("switchboard.datasource.password", System.getProperty("switchboard.test.db.password", "switchboard"));
        long start = System.nanoTime();
        group = PayaraDeploymentGroup.start(domain, Path.of(System.getProperty("switchboard.serverConfig", "server-config"))
                .resolve("payara-server-group.asadmin"), 2, settings);
        group.deploy(Path.of(System.getProperty("switchboard.war", "target/switchboard.war")), "switchboard");
        System.out.printf("deployment group of 2 started and deployed in %.1f s%n", (System.nanoTime() - start) / 1e9);
        a = group.instance(0);
        b = group.instance(1);
        Login.forgetShared();
    }

    @AfterAll
    static void stop() {
        if (group != null) {
            group.close();
        }
    }

    @Test
    void everyInstanceListensOnLoopbackOnlyAndRunsItsIdleTimersOnTheContextFreeScheduler() throws IOException {
        for (Instance instance : group.instances()) {
            String log = Files.readString(group.serverLog(instance));
            assertThat(log).as(instance.name() + "'s server.log").contains("idle timers: on the context-free scheduler")
                    .contains("clustered as " + instance.name());
        }
        assertThat(PayaraServerSession.domain().listenersOffLoopback(group.instances().stream().map(Instance::name).toList()))
                .as("sockets of the instances listening beyond 127.0.0.1").isEmpty();
    }

    @Test
    void publishersOnBothInstancesReachTheSubscribersOfBothInOneSeqOrder() {
        String channel = freshChannel("group.orders");
        try (WsClient onA = subscribed(a, "bob", channel); WsClient onB = subscribed(b, "mod", channel);
             WsClient publisherA = WsClient.connect(a.wsUri(), Login.shared(a.wsUri(), "alice"));
             WsClient publisherB = WsClient.connect(b.wsUri(), Login.shared(b.wsUri(), "alice"))) {
            int count = 20;
            for (int i = 1; i <= count; i++) {
                WsClient publisher = i % 2 == 0 ? publisherB : publisherA;
                publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":" + i + "}");
                assertThat(publisher.expect("ack").getJsonNumber("seq").longValue()).isEqualTo(i);
            }
            for (WsClient subscriber : List.of(onA, onB)) {
                for (int seq = 1; seq <= count; seq++) {
                    JsonObject message = subscriber.next("message");
                    assertThat(message.getJsonNumber("seq").longValue()).isEqualTo(seq);
                    assertThat(message.getInt("data")).isEqualTo(seq);
                }
            }
        }
    }

    @Test
    void presenceAndBroadcastsCrossTheInstances() {
        String channel = freshChannel("group.room");
        try (WsClient watcherOnB = subscribed(b, "bob", channel)) {
            try (WsClient aliceOnA = subscribed(a, "alice", channel)) {
                assertThat(presenceEvent(watcherOnB.next(f -> !presenceEvent(f, channel).isEmpty()), channel)).isEqualTo("join");
                await().atMost(CROSSING).pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> assertThat(presenceOverHttp(b, channel)).containsExactlyInAnyOrder("alice", "bob"));

                String text = "hello-" + System.nanoTime();
                aliceOnA.send("{\"type\":\"broadcast\",\"data\":\"" + text + "\"}");
                JsonObject broadcast = watcherOnB.next(f -> "broadcast".equals(f.getString("type")) && text.equals(f.getString("data")));
                assertThat(broadcast.getString("from")).isEqualTo("alice");
            }
            assertThat(presenceEvent(watcherOnB.next(f -> !presenceEvent(f, channel).isEmpty()), channel)).isEqualTo("leave");
            assertThat(presenceOverHttp(a, channel)).containsExactly("bob");
        }
    }

    @Test
    void aKickOnOneInstanceClosesTheUsersConnectionsOnTheOtherWith4003() {
        Login.Credentials moderator = Login.fresh(a.wsUri(), "mod", Login.DEMO_PASSWORD);
        Login.Credentials bobOnB = Login.fresh(b.wsUri(), "bob", Login.DEMO_PASSWORD);
        try (WsClient bob = WsClient.connect(b.wsUri(), bobOnB)) {
            bob.send("{\"type\":\"ping\"}");
            bob.expect("pong");

            HttpResponse<String> kick = Login.post(a.wsUri(), "/api/admin/users/bob/kick", "", moderator);

            assertThat(kick.statusCode()).as(kick.body()).isEqualTo(200);
            assertThat(bob.awaitClose().getCloseCode().getCode()).isEqualTo(4003);
        }
    }

    @Test
    void aLoginMadeOnOneInstanceIsValidOnTheOtherUntilItsLogoutThere() {
        Login.Credentials onA = Login.fresh(a.wsUri(), "alice", Login.DEMO_PASSWORD);
        Login.Credentials onB = new Login.Credentials(onA.cookie(), Login.origin(b.wsUri()));
        assertThat(Login.get(b.wsUri(), "/api/me", onB).statusCode()).as("the session of A on B").isEqualTo(200);
        try (WsClient socketOnB = WsClient.connect(b.wsUri(), onB)) {
            socketOnB.send("{\"type\":\"ping\"}");
            socketOnB.expect("pong");

            assertThat(Login.post(a.wsUri(), "/api/logout", "", onA).statusCode()).isEqualTo(204);

            assertThat(socketOnB.awaitClose().getCloseCode().getCode()).isEqualTo(4001);
            await().atMost(CROSSING).pollInterval(Duration.ofMillis(200))
                    .until(() -> Login.get(b.wsUri(), "/api/me", onB).statusCode() == 401);
            HttpResponse<String> handshake = Login.send(URI.create("http://127.0.0.1:" + b.httpPort() + "/"), "/ws", onB,
                    HttpRequest.BodyPublishers.noBody(), "GET");
            assertThat(handshake.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theAdminConsoleListsBothInstancesWithTheConnectionsOfEach() {
        Login.Credentials admin = Login.fresh(a.wsUri(), "admin", Login.DEMO_PASSWORD);
        try (WsClient one = WsClient.connect(b.wsUri(), Login.shared(b.wsUri(), "alice"));
             WsClient two = WsClient.connect(b.wsUri(), Login.shared(b.wsUri(), "alice"))) {
            await().atMost(CROSSING).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                HttpResponse<String> answer = Login.get(a.wsUri(), "/api/admin/cluster", admin);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                List<JsonObject> members = Json.createReader(new StringReader(answer.body())).readArray().getValuesAs(JsonObject.class);
                assertThat(members).extracting(m -> m.getString("name")).containsExactlyInAnyOrder(a.name(), b.name());
                JsonObject other = members.stream().filter(m -> !m.getBoolean("self")).findFirst().orElseThrow();
                assertThat(other.getString("name")).isEqualTo(b.name());
                assertThat(other.getInt("connections")).isGreaterThanOrEqualTo(2);
            });
        }
    }

    @Test
    void eachInstanceShowsItsOwnConnectionsInTheMonitoringTreeOnceTheirConfigurationsMonitoringIsOn() {
        PayaraServerDomain domain = PayaraServerSession.domain();
        domain.asadmin("set-monitoring-level", "--target", CONFIG, "--module", "web-container", "--level", "LOW");
        try (WsClient one = WsClient.connect(b.wsUri(), Login.shared(b.wsUri(), "alice"));
             WsClient two = WsClient.connect(b.wsUri(), Login.shared(b.wsUri(), "bob"))) {
            one.send("{\"type\":\"subscribe\",\"channel\":\"" + freshChannel("group.monitored") + "\"}");
            one.expect("subscribed");
            await().atMost(CROSSING).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Map<String, String> onB = domain.monitor(b.name() + ".", b.name() + ".switchboard.*");
                assertThat(onB).as("get --monitor %s.switchboard.*", b.name())
                        .containsKeys(b.name() + ".switchboard.connections-current",
                                b.name() + ".switchboard.messagesreceivedpersecond-current");
                assertThat(Long.parseLong(onB.get(b.name() + ".switchboard.connections-current"))).isGreaterThanOrEqualTo(2);
                assertThat(Long.parseLong(onB.get(b.name() + ".switchboard.messagesreceived-count"))).isPositive();
                assertThat(domain.monitor(a.name() + ".", a.name() + ".switchboard.*"))
                        .as("get --monitor %s.switchboard.*", a.name())
                        .containsKey(a.name() + ".switchboard.connections-current");
            });
        } finally {
            domain.asadmin("set-monitoring-level", "--target", CONFIG, "--module", "web-container", "--level", "OFF");
        }
    }

    /** A channel no earlier run has used: the shared database outlives the test. */
    private static String freshChannel(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    private static WsClient subscribed(Instance instance, String user, String channel) {
        WsClient client = WsClient.connect(instance.wsUri(), Login.shared(instance.wsUri(), user));
        client.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        client.expect("subscribed");
        return client;
    }

    /** "join" or "leave" when {@code frame} is alice's presence event on {@code channel}, else empty. */
    private static String presenceEvent(JsonObject frame, String channel) {
        return PresenceFrames.event(frame, channel, "alice");
    }

    private static List<String> presenceOverHttp(Instance instance, String channel) {
        HttpResponse<String> response = Login.get(instance.wsUri(), "/api/channels/" + channel + "/presence",
                Login.shared(instance.wsUri(), "bob"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ArrayList<>(Json.createReader(new StringReader(response.body())).readArray().getValuesAs(JsonObject.class)
                .stream().map(u -> u.getString("user")).toList());
    }
}
